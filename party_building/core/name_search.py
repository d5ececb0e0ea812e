"""Pinyin keys for name search: full pinyin and initials (张华生 → zhanghuasheng, zhs)."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
	name = (name or "").strip()
	if not name:
		return "", ""
	full = "".join(lazy_pinyin(name, errors="ignore")).lower().replace("ü", "v")
	initials = "".join(s[:1] for s in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
	return full, initials
