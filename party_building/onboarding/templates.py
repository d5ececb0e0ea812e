"""The import templates: one sheet per kind of record, Chinese headers in the national collection forms'
order, drop-down lists and an instructions sheet (openpyxl only, no frappe).

The headers are a data format, like the national system's export: they are the same whatever the
user's language, so a county's existing spreadsheets and the app's exports read the same way.
"""

from dataclasses import dataclass, field

from party_building.admission import rules as admission_rules
from party_building.onboarding import rules


@dataclass(frozen=True)
class Column:
	header: str
	key: str
	required: bool = False
	choices: tuple[str, ...] = ()
	width: int = 14
	note: str = ""
	kind: str = "text"  # text, date, number: how the template formats the column


@dataclass(frozen=True)
class Sheet:
	kind: str  # organizations, committees, members, probationary, development, dues_bases, dues_payments
	title: str  # the sheet's name in the workbook
	doctype: str
	columns: tuple[Column, ...]
	intro: str = ""
	aliases: dict[str, str] = field(default_factory=dict)  # other headers counties use → key
	by_headers: bool = True  # a sheet under another name is recognised by its headers

	def column(self, key: str) -> Column:
		return next(c for c in self.columns if c.key == key)


YES_NO = ("是", "否")
DATE_NOTE = "如 2005-07-01、2005.7.1、2005年7月1日、20050701"

ORGANIZATIONS = Sheet(
	"organizations",
	"党组织",
	"Party Organization",
	(
		Column(
			"党组织全称",
			"organization_name",
			True,
			width=34,
			note="印章上的全称，如 中共某县第一中学支部委员会",
		),
		Column("组织类别", "org_type", True, tuple(rules.ORG_TYPE_WORDS.values()), 10),
		Column("上级党组织全称", "parent", width=34, note="已在系统中或在本表上方的党组织；最上级留空"),
		Column("所在单位", "school", width=24),
		Column("状态", "status", True, tuple(rules.ORG_STATUS_WORDS.values()), 8),
		Column("成立批准文号", "establishment_doc_no", width=18),
		Column("成立日期", "established_on", note=DATE_NOTE, kind="date"),
		Column("本届任期开始", "term_start", note=DATE_NOTE, kind="date"),
		Column(
			"任期年数", "term_years", width=8, note="党委5年，党总支、党支部3年；空则按类别", kind="number"
		),
	),
	"上级党组织写在下级之前；党小组的上级须是党支部。",
	{"党组织名称": "organization_name", "组织类型": "org_type", "上级党组织": "parent", "单位名称": "school"},
)

COMMITTEES = Sheet(
	"committees",
	"支委会",
	"Party Organization",
	(
		Column("党组织全称", "organization", True, width=34),
		Column("姓名", "full_name", width=10),
		Column("公民身份号码", "id_number", True, width=22),
		Column("职务", "position", True, tuple(rules.POSITION_WORDS.values()), 12),
		Column("任职日期", "from_date", True, note=DATE_NOTE, kind="date"),
		Column("离任日期", "to_date", note="仍在任留空", kind="date"),
	),
	"委员须是本组织（或其下级）的正式党员。",
)

# fmt: off
MEMBER_ALIASES = {
	"身份证号码": "id_number", "身份证号": "id_number", "公民身份证号码": "id_number",
	"党支部": "branch", "所在支部": "branch", "所在党组织": "branch", "学历": "education",
	"转正日期": "full_member_on", "岗位": "post", "手机号码": "phone", "电话": "phone",
}
# fmt: on

MEMBERS = Sheet(
	"members",
	"党员",
	"Party Member",
	(
		Column("姓名", "full_name", True, width=10, note="与身份证一致"),
		Column("性别", "gender", False, ("男", "女"), 6),
		Column("民族", "ethnicity", False, rules.ETHNIC_GROUPS, 10, "56个民族全称，可不写“族”"),
		Column("籍贯", "native_place", width=16),
		Column("联系电话", "phone", width=14),
		Column("出生日期", "birth_date", note="可空，按身份证号码", kind="date"),
		Column(
			"公民身份号码", "id_number", True, width=22, note="18位；15位旧号码自动升为18位；请设为文本格式"
		),
		Column("最高学历", "education", False, tuple(rules.EDUCATION_WORDS.values()), 12),
		Column("学位", "degree", False, tuple(rules.DEGREE_WORDS.values()), 8),
		Column("人员类别", "membership_type", True, tuple(rules.MEMBERSHIP_WORDS.values()), 10),
		Column("所在党支部", "branch", True, width=30, note="党支部全称"),
		Column("所在党小组", "party_group", width=24, note="须是所在党支部下的党小组"),
		Column("入党日期", "joined_on", note=DATE_NOTE, kind="date"),
		Column("转为正式党员日期", "full_member_on", note="预备党员留空", kind="date"),
		Column(
			"延长预备期（月）", "extension_months", width=10, note="预备期延长6至12个月时填写", kind="number"
		),
		Column("工作岗位", "post", False, tuple(rules.POST_WORDS.values()), 10),
		Column("专业技术职务", "professional_title", width=12),
		Column("工作单位", "work_unit", width=24),
		Column("党籍状态", "standing", False, tuple(rules.STANDING_WORDS.values()), 10, "空则为正常"),
		Column("是否流动党员", "is_mobile_member", False, YES_NO, 8),
		Column("外出流向", "mobile_location", width=20),
	),
	"每行一名党员，按公民身份号码识别：再次导入同一文件不重复；更正后的文件更新已有党员。",
	MEMBER_ALIASES,
)

DUES_BASES = Sheet(
	"dues_bases",
	"党费基数",
	"Dues Assessment",
	(
		Column("年度", "year", True, width=8, kind="number"),
		Column("姓名", "full_name", width=10),
		Column("公民身份号码", "id_number", True, width=22),
		Column("类别", "category", True, tuple(rules.DUES_CATEGORY_WORDS.values()), 12),
		Column("月工资基数", "monthly_base", width=12, note="元；在职、离退休党员填写", kind="number"),
		Column("缴纳比例（%）", "rate", width=10, note="空则按比例档", kind="number"),
		Column("每月党费", "monthly_amount", width=10, note="元；减缴时必填", kind="number"),
		Column("减免", "adjustment", False, tuple(rules.DUES_ADJUSTMENT_WORDS.values()), 8),
		Column("审批理由", "approval_reason", width=24, note="减缴、免缴或比例不同于档次时必填"),
	),
	"每个党支部每年一张党费核定表（导入后即提交）。",
)

DUES_PAYMENTS = Sheet(
	"dues_payments",
	"党费缴纳",
	"Dues Payment",
	(
		Column("姓名", "full_name", width=10),
		Column("公民身份号码", "id_number", True, width=22),
		Column("起始月份", "from_month", True, width=12, note="如 2024.01", kind="month"),
		Column("截止月份", "to_month", True, width=12, note="如 2024.03；只缴一个月同起始月份", kind="month"),
		Column("金额", "amount", True, width=10, note="元", kind="number"),
		Column("缴纳日期", "paid_on", True, note=DATE_NOTE, kind="date"),
		Column("缴纳方式", "payment_method", False, tuple(rules.PAYMENT_METHOD_WORDS.values()), 10),
		Column("收据号", "receipt_no", width=14),
		Column("补缴审批理由", "approval_reason", width=20, note="补缴超过规定月数时必填"),
	),
	"该年度的党费基数须已导入或已核定；已缴的月份不能再缴。",
)

# the admission records (发展党员纪实) of people already on their way: the person's columns as in 党员,
# the steps as in the 25 steps of the admission rules (admission.rules.DEFAULT_STEPS)
PERSON_COLUMNS = (
	Column("姓名", "full_name", True, width=10, note="与身份证一致"),
	Column("性别", "gender", False, ("男", "女"), 6),
	Column("民族", "ethnicity", False, rules.ETHNIC_GROUPS, 10, "56个民族全称，可不写“族”"),
	Column("籍贯", "native_place", width=16),
	Column("联系电话", "phone", width=14),
	Column("出生日期", "birth_date", note="可空，按身份证号码", kind="date"),
	Column("公民身份号码", "id_number", True, width=22, note="18位；请设为文本格式"),
	Column("最高学历", "education", False, tuple(rules.EDUCATION_WORDS.values()), 12),
	Column("工作单位", "work_unit", width=24),
	Column("所在党支部", "branch", True, width=30, note="党支部全称"),
	Column("所在党小组", "party_group", width=24, note="须是所在党支部下的党小组"),
)
PEOPLE_NOTE = "党员的公民身份号码或姓名，多人用“、”隔开；须是已在系统中或本文件“党员”表中的正式党员"
EXTENSION_COLUMNS = (
	Column("延长预备期（月）", "extension_months", width=10, note="预备期延长6至12个月时填写", kind="number"),
	Column(
		"延长预备期决定日期",
		"extension_decided_on",
		note="延长预备期时必填，不早于原预备期满之日",
		kind="date",
	),
)

PROBATIONARY = Sheet(
	"probationary",
	"预备党员",
	"Member Development",
	(
		*PERSON_COLUMNS[:8],
		Column("学位", "degree", False, tuple(rules.DEGREE_WORDS.values()), 8),
		*PERSON_COLUMNS[8:],
		Column("工作岗位", "post", False, tuple(rules.POST_WORDS.values()), 10),
		Column("申请入党日期", "step_1", note=DATE_NOTE, kind="date"),
		Column("确定为入党积极分子日期", "step_3", note=DATE_NOTE, kind="date"),
		Column("确定为发展对象日期", "step_7", note=DATE_NOTE, kind="date"),
		Column("入党日期", "joined_on", True, note="支部大会讨论通过之日，预备期从此日算起", kind="date"),
		Column("上级党委审批日期", "step_17", note="须在支部大会后3个月内", kind="date"),
		Column("审批党委", "approving_organization", width=30, note="空则为党支部的上级党委"),
		Column("入党宣誓日期", "step_20", note="须在审批后1个月内", kind="date"),
		Column("入党介绍人", "introducers", width=30, note="两名；" + PEOPLE_NOTE),
		Column("培养联系人", "contacts", width=30, note="一至两名；" + PEOPLE_NOTE),
		*EXTENSION_COLUMNS,
	),
	"每行一名预备党员：登记为预备党员，并建立发展党员纪实，处于第22步（提出转正申请），"
	"预备期满日按支部大会日期计算（延长的加上延长月数），到期提醒照常发送。"
	"预备期已满3个月仍未作出转正、延长或取消资格决定的，不能导入。",
	{
		"身份证号码": "id_number",
		"身份证号": "id_number",
		"党支部": "branch",
		"所在支部": "branch",
		"支部大会通过日期": "joined_on",
		"入党时间": "joined_on",
		"介绍人": "introducers",
	},
	by_headers=False,
)

STEP_DATE_COLUMNS = tuple(
	Column(f"{no}.{name}", f"step_{no}", note=DATE_NOTE, kind="date", width=12)
	for no, name, _stage in admission_rules.DEFAULT_STEPS[: admission_rules.MAX_CARRIED_OVER]
)

DEVELOPMENT = Sheet(
	"development",
	"发展党员",
	"Member Development",
	(
		*PERSON_COLUMNS,
		Column(
			"已完成至第几步",
			"reached",
			True,
			width=10,
			note=f"1至{admission_rules.MAX_CARRIED_OVER}，或步骤名称；此前未写日期的步骤视为已完成",
		),
		*STEP_DATE_COLUMNS,
		Column("谈话推迟原因", "talk_late_reason", width=20, note="谈话晚于申请后1个月时必填"),
		Column("最近一次考察日期", "last_assessment_on", note="积极分子每半年考察一次", kind="date"),
		Column("培养联系人", "contacts", width=30, note="一至两名；" + PEOPLE_NOTE),
		Column("入党介绍人", "introducers", width=30, note="两名；" + PEOPLE_NOTE),
		Column("政治审查结论", "political_review_result", False, tuple(rules.REVIEW_WORDS.values()), 10),
		Column("集中培训天数", "training_days", width=8, note="不少于3天或24学时", kind="number"),
		Column("集中培训学时", "training_hours", width=8, kind="number"),
		Column("公示开始日期", "publicity_from", note="不少于5个工作日", kind="date"),
		Column("公示结束日期", "publicity_to", kind="date"),
		Column(
			"应到有表决权党员", "expected_voting", width=8, note="支部大会讨论接收预备党员", kind="number"
		),
		Column("实到有表决权党员", "present_voting", width=8, kind="number"),
		Column("赞成票", "votes_for", width=8, kind="number"),
		Column("审批党委", "approving_organization", width=30, note="空则为党支部的上级党委"),
		*EXTENSION_COLUMNS,
	),
	"每行一名发展中的人员（入党申请人、积极分子、发展对象、预备党员）：按“已完成至第几步”建立发展党员纪实"
	"（历史数据转入），已知的步骤日期按发展党员的规定检查（先后顺序、积极分子满1年、审批3个月内等）。"
	"已审批（第17步）的人须已登记为预备党员（本文件“党员”表或系统中）。",
	{"身份证号码": "id_number", "身份证号": "id_number", "党支部": "branch", "所在支部": "branch"},
	by_headers=False,
)

# the order they are written in: the register before the admission records that name its members
SHEETS = (ORGANIZATIONS, MEMBERS, PROBATIONARY, DEVELOPMENT, COMMITTEES, DUES_BASES, DUES_PAYMENTS)
BY_KIND = {s.kind: s for s in SHEETS}
BY_TITLE = {s.title: s for s in SHEETS}
INSTRUCTIONS_TITLE = "填写说明"


def header_keys(sheet: Sheet) -> dict[str, str]:
	"""Every header a column of the sheet may carry (the template's and the usual others) → its key."""
	keys = {rules.text(c.header): c.key for c in sheet.columns}
	keys.update(sheet.aliases)
	return keys


def find_sheet(title: str, headers: list[str]) -> Sheet | None:
	"""A sheet by its name, or else by its headers (a county's own sheet called 'Sheet1')."""
	if title.strip() in BY_TITLE:
		return BY_TITLE[title.strip()]
	found = set(headers)
	for sheet in SHEETS:
		if not sheet.by_headers:
			continue
		known = header_keys(sheet)
		required = {c.key for c in sheet.columns if c.required}
		if required <= {known[h] for h in found if h in known}:
			return sheet
	return None


def build_workbook(sheets: tuple[Sheet, ...], rows: dict[str, list[list]] | None = None):
	"""A workbook with an instructions sheet and the given sheets (headers, drop-downs, formats), filled
	with `rows` per kind when exporting. Written with openpyxl's write-only mode when filled."""
	from openpyxl import Workbook
	from openpyxl.styles import Alignment, Font, PatternFill
	from openpyxl.utils import get_column_letter
	from openpyxl.worksheet.datavalidation import DataValidation

	book = Workbook()
	guide = book.active
	guide.title = INSTRUCTIONS_TITLE
	write_instructions(guide, sheets)
	lists = book.create_sheet("选项")
	lists.sheet_state = "hidden"
	list_column = 0
	bold = Font(bold=True)
	required_fill = PatternFill("solid", fgColor="FDE9D9")
	for sheet in sheets:
		ws = book.create_sheet(sheet.title)
		ws.append([c.header for c in sheet.columns])
		ws.freeze_panes = "A2"
		data = (rows or {}).get(sheet.kind, [])
		last = max(len(data), 1000) + 1
		for r, values in enumerate(data, start=2):
			for i, value in enumerate(values, start=1):
				if value is not None:
					ws.cell(row=r, column=i, value=value)
		for i, col in enumerate(sheet.columns, start=1):
			letter = get_column_letter(i)
			cell = ws.cell(row=1, column=i)
			cell.font = bold
			cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
			if col.required:
				cell.fill = required_fill
			ws.column_dimensions[letter].width = col.width
			# text columns stay text: an 18-digit ID number typed as a number loses its last digits
			# (the column's own format: what is typed later takes it; the cells written now get it too)
			if col.kind == "text":
				ws.column_dimensions[letter].number_format = "@"
				for r in range(2, len(data) + 2):
					ws.cell(row=r, column=i).number_format = "@"
			if col.choices:
				list_column += 1
				list_letter = get_column_letter(list_column)
				for n, word in enumerate(col.choices, start=1):
					lists.cell(row=n, column=list_column, value=word)
				dv = DataValidation(
					type="list",
					formula1=f"=选项!${list_letter}$1:${list_letter}${len(col.choices)}",
					allow_blank=not col.required,
					showErrorMessage=False,  # other wordings are accepted too (see the instructions)
					promptTitle=col.header,
					prompt="请从列表中选择",
					showInputMessage=True,
				)
				dv.add(f"{letter}2:{letter}{last}")
				ws.add_data_validation(dv)
	return book


def write_instructions(ws, sheets: tuple[Sheet, ...]) -> None:
	from openpyxl.styles import Alignment, Font

	lines = [
		("党建数据导入模板", True),
		(
			"1. 每张工作表一类数据，第一行为表头：请勿修改表头，也不要合并表头单元格（表头上方可以有一行合并的标题）。",
			False,
		),
		("2. 带底色的列为必填；“无”“—”视为空。可以只导入其中几张表，一次导入按本说明中的顺序写入。", False),
		(
			"3. 日期可写作 2005-07-01、2005.7.1、2005年7月1日、20050701 或 Excel 日期；只写年月（2005.07）按当月1日记录，并给出提示。",
			False,
		),
		("4. 公民身份号码请设为文本格式；15位旧号码自动升为18位并补校验码。", False),
		(
			"5. 请粘贴为数值：含公式的单元格不导入。只接受 .xlsx 文件（Excel 2007 及以后），.xls、.csv 请另存为 .xlsx。",
			False,
		),
		(
			"6. 一个文件中只要有一行有错误，整个文件都不写入；“检查文件”列出每个错误的工作表、行、列、值和规则。",
			False,
		),
		("7. 再次导入同一文件不会重复；党员按公民身份号码识别，更正后的文件更新已有记录。", False),
		("", False),
	]
	for sheet in sheets:
		lines.append((f"【{sheet.title}】{sheet.intro}", True))
		for col in sheet.columns:
			parts = [col.header, "（必填）" if col.required else ""]
			if col.choices and len(col.choices) <= 10:
				parts.append("：" + "/".join(col.choices))
			if col.note:
				parts.append("：" + col.note if not col.choices or len(col.choices) > 10 else "；" + col.note)
			lines.append(("    " + "".join(parts), False))
		lines.append(("", False))
	ws.column_dimensions["A"].width = 110
	for n, (line, bold) in enumerate(lines, start=1):
		cell = ws.cell(row=n, column=1, value=line)
		cell.alignment = Alignment(wrap_text=True, vertical="top")
		if bold:
			cell.font = Font(bold=True, size=12 if n == 1 else 11)
