"""Reading one spreadsheet cell the way Chinese counties write it (pure functions, no frappe import).

Each reader takes what openpyxl gives for a cell (str, int, float, datetime, None) and returns the value
the app stores, or raises `Unreadable(rule, value)`; the service turns the rule into a Chinese row error.
Nothing is guessed: a value that fits none of the accepted wordings is an error, never the nearest match.
"""

import datetime
import re

from stdnum.cn import ric

from party_building.admission import rules as admission_rules

# what the national collection forms write for "none" (the forms allow no blank cells)
NONE_WORDS = {"", "无", "—", "——", "-", "--", "/", "／", "空", "暂无"}

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)
SERIAL_MIN, SERIAL_MAX = 1, 73050  # up to 2099-12-31
YEAR_MIN, YEAR_MAX = 1900, 2099

# the 56 ethnic groups, by their full names as the national system writes them
ETHNIC_GROUPS = (
	"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
	"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
	"佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
	"达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
	"塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
	"独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip

GENDERS = {"男": "Male", "男性": "Male", "女": "Female", "女性": "Female", "male": "Male", "female": "Female"}

# 最高学历 as the national system and county spreadsheets write it → Party Member.education
EDUCATION = {
	"研究生": "Postgraduate", "博士研究生": "Postgraduate", "硕士研究生": "Postgraduate", "研究生教育": "Postgraduate",
	"博士": "Postgraduate", "硕士": "Postgraduate",
	"大学本科": "University", "本科": "University", "大学": "University",
	"大学专科": "College", "专科": "College", "大专": "College",
	"中等专科": "Technical Secondary", "中专": "Technical Secondary", "中技": "Technical Secondary",
	"技工学校": "Technical Secondary", "职业高中": "Technical Secondary", "中等职业教育": "Technical Secondary",
	"高中": "High School", "普通高中": "High School",
	"初中": "Junior High and Below", "初中及以下": "Junior High and Below", "小学": "Junior High and Below",
	"初中及以下学历": "Junior High and Below",
}  # fmt: skip
EDUCATION_WORDS = {
	"Postgraduate": "研究生",
	"University": "大学本科",
	"College": "大学专科",
	"Technical Secondary": "中等专科",
	"High School": "高中",
	"Junior High and Below": "初中及以下",
}

DEGREES = {
	"博士": "Doctorate", "博士学位": "Doctorate", "硕士": "Master", "硕士学位": "Master",
	"学士": "Bachelor", "学士学位": "Bachelor", "无": "None", "无学位": "None",
}  # fmt: skip
DEGREE_WORDS = {"Doctorate": "博士", "Master": "硕士", "Bachelor": "学士", "None": "无"}

MEMBERSHIP = {"正式党员": "Full", "正式": "Full", "预备党员": "Probationary", "预备": "Probationary"}
MEMBERSHIP_WORDS = {"Full": "正式党员", "Probationary": "预备党员"}

POSTS = {
	"学校领导": "School Leader", "校级领导": "School Leader", "中层干部": "Middle Manager",
	"中层管理": "Middle Manager", "教师": "Teacher", "专任教师": "Teacher", "职员": "Staff",
	"工作人员": "Staff", "后勤": "Logistics", "工勤": "Logistics", "离退休": "Retired", "退休": "Retired",
	"离休": "Retired", "其他": "Other",
}  # fmt: skip
POST_WORDS = {
	"School Leader": "学校领导",
	"Middle Manager": "中层干部",
	"Teacher": "教师",
	"Staff": "职员",
	"Logistics": "后勤",
	"Retired": "离退休",
	"Other": "其他",
}

STANDINGS = {
	"正常": "Active", "停止党籍": "Suspended", "出党": "Left", "死亡": "Deceased", "去世": "Deceased",
	"已故": "Deceased", "转出": "Transferred Out", "已转出": "Transferred Out",
}  # fmt: skip
STANDING_WORDS = {
	"Active": "正常",
	"Suspended": "停止党籍",
	"Left": "出党",
	"Deceased": "死亡",
	"Transferred Out": "已转出",
}

ORG_TYPES = {
	"党委": "Party Committee", "党委员会": "Party Committee", "工委": "Party Committee",
	"党总支": "General Branch", "党总支部": "General Branch", "总支": "General Branch",
	"党支部": "Branch", "联合党支部": "Branch", "支部": "Branch", "党小组": "Party Group", "小组": "Party Group",
}  # fmt: skip
ORG_TYPE_WORDS = {
	"Party Committee": "党委",
	"General Branch": "党总支",
	"Branch": "党支部",
	"Party Group": "党小组",
}

ORG_STATUSES = {"筹建": "Preparing", "筹建中": "Preparing", "正常": "Active", "已成立": "Active",
                "撤销": "Dissolved", "已撤销": "Dissolved"}  # fmt: skip
ORG_STATUS_WORDS = {"Preparing": "筹建", "Active": "正常", "Dissolved": "已撤销"}

POSITIONS = {
	"书记": "Secretary", "副书记": "Deputy Secretary", "组织委员": "Organization Member",
	"宣传委员": "Propaganda Member", "纪检委员": "Discipline Member", "纪律检查委员": "Discipline Member",
	"委员": "Committee Member",
}  # fmt: skip
POSITION_WORDS = {
	"Secretary": "书记",
	"Deputy Secretary": "副书记",
	"Organization Member": "组织委员",
	"Propaganda Member": "宣传委员",
	"Discipline Member": "纪检委员",
	"Committee Member": "委员",
}

PAYMENT_METHODS = {
	"现金": "Cash", "银行转账": "Bank Transfer", "转账": "Bank Transfer", "微信": "WeChat Pay",
	"微信支付": "WeChat Pay", "支付宝": "Alipay", "工资代扣": "Payroll Deduction", "代扣": "Payroll Deduction",
}  # fmt: skip
PAYMENT_METHOD_WORDS = {
	"Cash": "现金",
	"Bank Transfer": "银行转账",
	"WeChat Pay": "微信支付",
	"Alipay": "支付宝",
	"Payroll Deduction": "工资代扣",
}

DUES_CATEGORIES = {"在职": "In Service", "离退休": "Retired", "退休": "Retired", "学生": "Student",
                   "无固定收入": "Unemployed", "下岗失业": "Unemployed", "享受低保": "On Relief",
                   "生活困难": "On Relief"}  # fmt: skip
DUES_CATEGORY_WORDS = {
	"In Service": "在职",
	"Retired": "离退休",
	"Student": "学生",
	"Unemployed": "无固定收入",
	"On Relief": "享受低保",
}
DUES_ADJUSTMENTS = {"减缴": "Reduced", "免缴": "Exempt"}
DUES_ADJUSTMENT_WORDS = {"Reduced": "减缴", "Exempt": "免缴"}

YES = {"是", "Y", "y", "yes", "√", "1", "true", "TRUE", "True"}
NO = {"否", "N", "n", "no", "×", "0", "false", "FALSE", "False"}


class Unreadable(ValueError):
	"""A cell value that none of the accepted wordings fits. `rule` names what was expected."""

	def __init__(self, rule: str, value, **params):
		super().__init__(rule, value)
		self.rule = rule
		self.value = value
		self.params = params


# --- text ------------------------------------------------------------------------------------------


def half_width(text: str) -> str:
	"""Full-width digits, Latin letters, punctuation and the ideographic space as their ASCII forms
	(Chinese characters and Chinese punctuation such as （） in names are left alone)."""
	out = []
	for ch in text:
		code = ord(ch)
		if 0xFF01 <= code <= 0xFF5E:
			out.append(chr(code - 0xFEE0))
		elif ch in "\u3000\u00a0":
			out.append(" ")
		else:
			out.append(ch)
	return "".join(out)


def text(value) -> str | None:
	"""A cell as trimmed text; None for an empty cell or a 'none' word (无, —)."""
	if value is None:
		return None
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	if isinstance(value, datetime.datetime | datetime.date):
		raise Unreadable("text", value)
	s = str(value).replace("\u3000", " ").replace("\u00a0", " ").strip()
	s = re.sub(r"\s+", " ", s)
	return None if s in NONE_WORDS else s


def code(value) -> str | None:
	"""Text where full-width characters mean nothing (numbers, phone numbers, document numbers)."""
	s = text(value)
	return half_width(s).strip() if s else None


def person_name(value) -> str | None:
	"""A name as on the ID card: spaces typed to align two-character names are dropped; the middle dot of
	minority names is kept in one form."""
	s = text(value)
	if not s:
		return None
	if re.search(r"[\u4e00-\u9fff]", s):
		s = re.sub(r"\s+", "", s).replace("•", "·").replace("．", "·").replace("・", "·")
	return s


def choice(value, mapping: dict[str, str], rule: str) -> str | None:
	"""One of the accepted wordings → the stored option; None for an empty cell."""
	s = code(value)
	if s is None:
		return None
	if s in mapping:
		return mapping[s]
	lowered = s.lower()
	for word, stored in mapping.items():
		if word.lower() == lowered:
			return stored
	if s in mapping.values():  # the stored option itself (an English export)
		return s
	raise Unreadable(rule, value)


def gender(value) -> str | None:
	return choice(value, GENDERS, "gender")


def education(value) -> str | None:
	return choice(value, EDUCATION, "education")


def degree(value) -> str | None:
	if value is not None and text(value) is None and str(value).strip() in NONE_WORDS - {""}:
		return "None"
	return choice(value, DEGREES, "degree")


def membership(value) -> str | None:
	return choice(value, MEMBERSHIP, "membership")


def post(value) -> str | None:
	return choice(value, POSTS, "post")


def standing(value) -> str | None:
	return choice(value, STANDINGS, "standing")


def org_type(value) -> str | None:
	return choice(value, ORG_TYPES, "org_type")


def org_status(value) -> str | None:
	return choice(value, ORG_STATUSES, "org_status")


def position(value) -> str | None:
	return choice(value, POSITIONS, "position")


def payment_method(value) -> str | None:
	return choice(value, PAYMENT_METHODS, "payment_method")


def dues_category(value) -> str | None:
	return choice(value, DUES_CATEGORIES, "dues_category")


def dues_adjustment(value) -> str | None:
	return choice(value, DUES_ADJUSTMENTS, "dues_adjustment")


def yes_no(value) -> bool | None:
	if isinstance(value, bool):
		return value
	s = code(value)
	if s is None:
		return None
	if s in YES:
		return True
	if s in NO:
		return False
	raise Unreadable("yes_no", value)


def ethnicity(value) -> str | None:
	"""One of the 56 ethnic groups, with or without 族 (维吾尔 → 维吾尔族)."""
	s = text(value)
	if s is None:
		return None
	s = re.sub(r"\s+", "", s)
	if s in ETHNIC_GROUPS:
		return s
	if s + "族" in ETHNIC_GROUPS:
		return s + "族"
	if s == "蒙古":
		return "蒙古族"
	raise Unreadable("ethnicity", value)


# --- numbers ---------------------------------------------------------------------------------------


def number(value, rule: str = "number"):
	"""A plain decimal number (an amount, a base): digits with an optional point, 元 and thousands
	separators allowed. Returns a float rounded to cents."""
	if value is None:
		return None
	if isinstance(value, bool):
		raise Unreadable(rule, value)
	if isinstance(value, int | float):
		return round(float(value), 2)
	s = code(value)
	if s is None:
		return None
	s = s.replace(",", "").replace("元", "").replace("¥", "").replace("￥", "").strip()
	if not re.fullmatch(r"\d+(\.\d+)?", s):
		raise Unreadable(rule, value)
	return round(float(s), 2)


def whole_number(value, rule: str = "whole_number") -> int | None:
	n = number(value, rule)
	if n is None:
		return None
	if not float(n).is_integer():
		raise Unreadable(rule, value)
	return int(n)


# --- dates -----------------------------------------------------------------------------------------

# a time of day after the date (exports write "2005-07-01 00:00:00") says nothing more: dropped
_YMD = re.compile(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?(?:\d{1,2}:\d{2}(?::\d{2})?)?")
_YM = re.compile(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _make_date(value, year: int, month: int, day: int) -> datetime.date:
	if not YEAR_MIN <= year <= YEAR_MAX:
		raise Unreadable("date", value)
	try:
		return datetime.date(year, month, day)
	except ValueError:
		raise Unreadable("date", value) from None


def date_with_precision(value) -> tuple[datetime.date, bool] | None:
	"""A date and whether the cell named its day (False: only a month, "2005.07", read as its 1st).

	Accepted: a date cell; an Excel serial number; 20050701; 2005-7-1, 2005.7.1, 2005/7/1,
	2005年7月1日; 2005.07, 2005-07, 2005年7月. Full-width digits as ASCII.
	"""
	if value is None:
		return None
	if isinstance(value, datetime.datetime):
		return _make_date(value, value.year, value.month, value.day), True
	if isinstance(value, datetime.date):
		return _make_date(value, value.year, value.month, value.day), True
	if isinstance(value, bool):
		raise Unreadable("date", value)
	if isinstance(value, float):  # a serial with a time of day: the day is what counts
		value = int(value)
	if isinstance(value, int):
		return _from_number(value, value), True
	s = code(value)
	if s is None:
		return None
	s = s.replace(" ", "")
	if s.isdigit():
		return _from_number(int(s), value), True
	m = _YMD.fullmatch(s)
	if m:
		return _make_date(value, int(m[1]), int(m[2]), int(m[3])), True
	m = _YM.fullmatch(s)
	if m:
		return _make_date(value, int(m[1]), int(m[2]), 1), False
	raise Unreadable("date", value)


def _from_number(n: int, value) -> datetime.date:
	if 10_000_000 <= n <= 99_999_999:  # 20050701
		m = _COMPACT.fullmatch(str(n))
		return _make_date(value, int(m[1]), int(m[2]), int(m[3]))
	if SERIAL_MIN <= n <= SERIAL_MAX:  # an Excel date serial number
		return EXCEL_EPOCH + datetime.timedelta(days=n)
	raise Unreadable("date", value)


def date(value) -> datetime.date | None:
	found = date_with_precision(value)
	return found[0] if found else None


def month(value) -> datetime.date | None:
	"""A dues month ("2024.03", "2024年3月", a date cell): the first day of that month."""
	day = date(value)
	return day.replace(day=1) if day else None


def year(value) -> int | None:
	if isinstance(value, str):
		value = (code(value) or "").removesuffix("年") or None
	n = whole_number(value, "year")
	if n is None:
		return None
	if not YEAR_MIN <= n <= YEAR_MAX:
		raise Unreadable("year", value)
	return n


# --- resident ID numbers ---------------------------------------------------------------------------


def id_number(value) -> str | None:
	"""A resident ID number as 18 characters: full-width digits and spaces cleaned, a final x as X, and an
	old 15-digit number (born 19xx) converted: 19 inserted before the year and the check digit added.
	Its check digit, birth date and region are checked by the member register's rules (members.idcard).
	"""
	if value is None:
		return None
	if isinstance(value, bool):
		raise Unreadable("id_number_format", value)
	if isinstance(value, int | float):
		# a number cell: Excel keeps 15 significant digits, so an 18-digit number has lost its last ones
		if not float(value).is_integer() or abs(value) >= 10**15:
			raise Unreadable("id_number_as_number", value)
		value = str(int(value))
	s = code(value)
	if s is None:
		return None
	s = re.sub(r"[\s\-]", "", s).upper()
	if len(s) == 15:
		if not s.isdigit():
			raise Unreadable("id_number_format", value)
		return upgrade_id_number(s, value)
	if len(s) != 18:
		raise Unreadable("id_number_length", value)
	if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
		raise Unreadable("id_number_format", value)
	return s


def upgrade_id_number(old: str, value=None) -> str:
	"""A first-generation 15-digit number (region, yymmdd, sequence) as its 18-digit form."""
	body = old[:6] + "19" + old[6:]
	try:
		datetime.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
	except ValueError:
		raise Unreadable("id_number_birth_date", value if value is not None else old) from None
	return body + ric.calc_check_digit(body + "0")


# --- phones ----------------------------------------------------------------------------------------


def phone(value) -> str | None:
	"""A mobile (11 digits) or a landline with its area code; separators kept as typed."""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	s = code(value)
	if s is None:
		return None
	digits = re.sub(r"[\s\-()]", "", s)
	if not re.fullmatch(r"\+?\d{7,15}", digits):
		raise Unreadable("phone", value)
	return s


# --- rows: what one row says about its dates --------------------------------------------------------

# a probation that ended longer ago than this without a decision is an error in the sheet, not a record
# to carry over (the branch decides at the end of probation: full membership, extension or cancellation)
PROBATION_DECISION_GRACE_MONTHS = 3


def probation_state(
	joined_on: datetime.date, extension_months: int, on: datetime.date
) -> tuple[str | None, datetime.date]:
	"""("overdue" | "ended" | None, probation end) for a probationary member who joined on `joined_on`.

	The probation lasts a year from the branch meeting that admitted the member (admission.rules), once
	extended by 6 to 12 months at most."""
	end = admission_rules.probation_end(joined_on, extension_months or 0)
	if on > admission_rules.add_months(end, PROBATION_DECISION_GRACE_MONTHS):
		return "overdue", end
	if on > end:
		return "ended", end
	return None, end


def extension_problem(extension_months: int | None) -> bool:
	return bool(extension_months) and not (
		admission_rules.MIN_EXTENSION_MONTHS <= extension_months <= admission_rules.MAX_EXTENSION_MONTHS
	)


def full_before_joined(joined_on: datetime.date | None, full_member_on: datetime.date | None) -> bool:
	return bool(joined_on and full_member_on and full_member_on < joined_on)


def months_in(from_month: datetime.date, to_month: datetime.date) -> list[datetime.date]:
	"""Every month from one to the other, both included (first days)."""
	out, day = [], from_month.replace(day=1)
	while day <= to_month:
		out.append(day)
		day = admission_rules.add_months(day, 1)
	return out


# --- admission records (发展党员): the step reached, the review, contacts and introducers ---------------

REVIEW_RESULTS = {"通过": "Passed", "合格": "Passed", "未通过": "Not Passed", "不通过": "Not Passed",
                  "不合格": "Not Passed"}  # fmt: skip
REVIEW_WORDS = {"Passed": "通过", "Not Passed": "未通过"}
PEOPLE_SEPARATORS = re.compile(r"[、,;/\s]+")
STEP_NAMES = {}
for _no, _name, _stage in admission_rules.DEFAULT_STEPS:
	STEP_NAMES.setdefault(_name, _no)  # 支部大会讨论 and 上级党委审批 come twice: the first is meant


def review_result(value) -> str | None:
	return choice(value, REVIEW_RESULTS, "review_result")


def step_number(value) -> int | None:
	"""The step reached, as a number (7, 第7步, 7.确定发展对象) or the step's name in the 25 steps."""
	s = code(value)
	if s is None:
		return None
	found = re.match(r"第?\s*(\d{1,2})(?!\d)", s)
	if found:
		n = int(found.group(1))
	elif s.removesuffix("阶段") in STEP_NAMES:
		n = STEP_NAMES[s.removesuffix("阶段")]
	else:
		raise Unreadable("step", value)
	if not 1 <= n <= admission_rules.STEP_COUNT:
		raise Unreadable("step", value)
	return n


def people(value) -> tuple[str, ...] | None:
	"""Contacts or introducers in one cell: names or resident ID numbers, separated by 、 ， ； / or spaces.
	An ID number is read like the ID number column (a 15-digit one converted); a name as on the ID card."""
	s = text(value)
	if not s:
		return None
	out = []
	for part in PEOPLE_SEPARATORS.split(half_width(s)):
		if not part:
			continue
		if re.fullmatch(r"\d{14,17}[\dXx]", part):
			out.append(id_number(part))
		elif re.search(r"\d", part):
			raise Unreadable("people", value)
		else:
			out.append(person_name(part))
	return tuple(out) or None


def looks_like_id_number(value: str) -> bool:
	return bool(re.fullmatch(r"\d{17}[\dX]", value or ""))


def dated_after_reached(dates: dict[int, datetime.date | None], reached: int) -> int | None:
	"""The first step dated beyond the step the row says was reached (the row contradicts itself)."""
	return next((no for no in sorted(dates) if dates[no] and no > reached), None)
