# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class BranchAssessmentTemplateItem(Document):
	pass
