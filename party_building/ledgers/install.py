"""Default member points rules, created once; an administrator edits or disables them later.

Wire `ensure_defaults` into install.after_migrate. Each rule is created only when no rule of that name
exists, so a rule an administrator changed or deleted-and-replaced is never overwritten.
"""

import frappe

from party_building.ledgers import rules

# (rule name, category, points, daily cap, yearly cap, awarded by, description)
DEFAULT_RULES = (
	("参加组织生活", rules.ORGANIZATIONAL_LIFE, 2, 4, 0, rules.ACTIVITY_ATTENDANCE,
		"参加“三会一课”、主题党日等组织生活并经上级审核通过，每次自动积分"),
	("按时交纳党费", rules.ORGANIZATIONAL_LIFE, 1, 1, 12, rules.ON_TIME_DUES, "在所交月份内按时足额交纳党费，自动积分"),
	("参加集中学习培训", rules.STUDY, 2, 2, 40, rules.MANUAL, "参加上级或学校组织的集中学习、专题培训"),
	("线上学习", rules.STUDY, 1, 1, 100, rules.MANUAL, "利用“甘肃党建”等平台在线学习，每日最多1分"),
	("志愿服务", rules.EXEMPLARY_ROLE, 2, 2, 20, rules.MANUAL, "参加党员志愿服务活动"),
	("获得表彰奖励", rules.EXEMPLARY_ROLE, 5, 5, 20, rules.MANUAL, "获得县级及以上表彰奖励"),
	("教育教学示范", rules.EXEMPLARY_ROLE, 3, 3, 15, rules.MANUAL, "上示范课、公开课，在教育教学中发挥先锋模范作用"),
	("无故缺席组织生活", rules.DEDUCTION, -2, 2, 0, rules.MANUAL, "无正当理由不参加组织生活"),
	("未按时交纳党费", rules.DEDUCTION, -2, 2, 0, rules.MANUAL, "无正当理由未按时交纳党费"),
	("违反师德师风", rules.DEDUCTION, -10, 10, 0, rules.MANUAL, "经查实违反师德师风规定"),
)  # fmt: skip


def ensure_defaults() -> list[str]:
	"""Create the default points rules that do not exist yet; returns the names created."""
	created = []
	for name, category, points, daily_cap, yearly_cap, source, description in DEFAULT_RULES:
		if frappe.db.exists("Points Rule", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Points Rule",
				"rule_name": name,
				"category": category,
				"points": points,
				"daily_cap": daily_cap,
				"yearly_cap": yearly_cap,
				"source": source,
				"description": description,
				"enabled": 1,
			}
		).insert(ignore_permissions=True)
		created.append(name)
	return created
