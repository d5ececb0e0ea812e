"""What the app's script reports share: the summary cards above a report and its total row."""

from frappe import _


def card(value, label: str, indicator: str | None = None, datatype: str = "Int") -> dict:
	"""One summary card above a report (Frappe's report_summary entry)."""
	out = {"value": value, "label": label, "datatype": datatype}
	if indicator:
		out["indicator"] = indicator
	return out


def sums(rows, keys) -> dict:
	"""The column totals of the rows, for the keys given."""
	return {k: sum(r[k] for r in rows) for k in keys}


def with_total_row(rows, totals: dict, **blank) -> list[dict]:
	"""The rows and, when there are any, an "All Organizations" row of their totals (`is_total` marks it)."""
	data = list(rows)
	if data:
		data.append({"organization": _("All Organizations"), **blank, **totals, "is_total": 1})
	return data


class Translated(dict):
	"""Each distinct value of a column translated once (`labels[value]`; empty stays empty): a report's
	rows repeat a handful of types and states, and `_` looks each one up again for every row."""

	def __init__(self, context: str | None = None):
		super().__init__()
		self.context = context

	def __missing__(self, value) -> str:
		text = self[value] = _(value, context=self.context) if value else ""
		return text


def link_column(fieldname: str, label: str, options: str, width: int) -> dict:
	"""A report column linking to a document (an organization, a member, a record)."""
	return {"fieldname": fieldname, "label": label, "fieldtype": "Link", "options": options, "width": width}
