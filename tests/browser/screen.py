"""What a user reads on the screen: the visible text of a page, and the Latin words in it.

A Chinese secretary should meet no English outside data. Data that may hold Latin letters is left
out before looking: e-mail addresses, web addresses, record numbers (PM-00018, ACT-2026-0001) and file
names, and the few words Chinese users write in Latin letters themselves (PDF, Excel …).
"""

import re

# words a zh user reads as they are
ALLOWED = {"PDF", "Excel", "ID", "QR", "CSV", "Word", "PNG", "JPG", "A4", "OK", "vs"}
# names of keys, as printed on the keyboard
ALLOWED |= {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Cmd"}

VISIBLE_TEXT = """
() => {
	const seen = [];
	const visible = (el) => {
		if (!el) return false;
		const style = getComputedStyle(el);
		if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) return false;
		const rect = el.getBoundingClientRect();
		if (rect.width < 1 || rect.height < 1) return false;
		if (rect.right < 0 || rect.bottom < 0) return false;
		// read by screen readers only (Bootstrap's sr-only / visually-hidden: clipped to nothing)
		if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") return false;
		if (rect.width <= 1 && rect.height <= 1) return false;
		for (let p = el; p; p = p.parentElement) {
			const s = getComputedStyle(p);
			if (s.display === "none" || s.visibility === "hidden") return false;
		}
		return true;
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walker.nextNode()) {
		const node = walker.currentNode;
		const text = node.textContent.trim();
		const el = node.parentElement;
		if (!text || !el || el.closest("script,style,noscript,svg,code,pre,.ql-editor,[data-pb-data]")) continue;
		if (visible(el)) seen.push(text);
	}
	document.querySelectorAll("input[placeholder],textarea[placeholder]").forEach((i) => {
		if (visible(i) && i.placeholder && !i.value) seen.push(i.placeholder);
	});
	// what a field shows: a link's value (its title when the desk shows one), a select's chosen option
	document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=password])").forEach((i) => {
		if (visible(i) && i.value && !i.closest("[data-pb-data]")) seen.push(i.value);
	});
	document.querySelectorAll("select").forEach((s) => {
		if (visible(s) && s.selectedIndex >= 0) seen.push(s.options[s.selectedIndex].text);
	});
	// labels a style sheet writes (a text editor's menus: "Normal", "Table")
	document.querySelectorAll(".ql-picker-label, .ql-picker-item").forEach((el) => {
		const content = getComputedStyle(el, "::before").content;
		if (visible(el) && content && content !== "none" && content !== "normal") seen.push(content.replace(/^"|"$/g, ""));
	});
	document.querySelectorAll("button[title],a[title]").forEach((b) => {
		if (visible(b) && b.title && !b.textContent.trim()) seen.push(b.title);
	});
	return seen;
}
"""

DATA = re.compile(
	r"\S+@\S+"  # e-mail addresses
	r"|https?://\S+|\b[\w.-]+\.(?:localhost|com|cn|org)\S*"  # web addresses
	r"|\b[A-Za-z]+[-_/]?\d[\w/-]*"  # record numbers, versions: PM-00018, ACT-2026-0001, v15
	r"|\b\d+[A-Za-z]+\b"  # 1366px, 2x
	r"|[\w-]+\.(?:pdf|png|jpe?g|xlsx?|docx?|csv|txt|zip)\b",  # file names
	re.IGNORECASE,
)
LATIN = re.compile(r"[A-Za-z]{2,}")


def visible_text(page) -> list[str]:
	return page.evaluate(VISIBLE_TEXT)


def latin_words(page, allow: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
	"""Latin words visible on the page outside data, each with the text it was found in."""
	found = {}
	for text in visible_text(page):
		cleaned = DATA.sub(" ", text)
		for word in LATIN.findall(cleaned):
			if word in ALLOWED or word in allow:
				continue
			found.setdefault(word, text[:80])
	return found


def wait_desk(page) -> None:
	"""Until the desk has rendered the route and its requests have settled."""
	page.wait_for_function(
		"() => window.frappe && frappe.boot && frappe.container && !frappe.dom.freeze_count"
	)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(300)


def go(page, route: str) -> None:
	"""Open a desk route. A server just started may still be building its first boot when the page
	asks for it; the route is loaded once more before giving up (a page that never renders fails twice)."""
	from playwright.sync_api import TimeoutError as PlaywrightTimeout

	page.goto(route)
	try:
		wait_desk(page)
	except PlaywrightTimeout:
		page.reload()
		wait_desk(page)
