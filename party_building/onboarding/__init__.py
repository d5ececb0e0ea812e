"""Onboarding a county from Excel: templates, reading Chinese spreadsheets, checking, importing, exporting.

rules.py    reading one cell value the way Chinese spreadsheets write it (pure, no frappe)
templates.py  the sheets: their Chinese headers, drop-down lists and instructions
service.py  reading a workbook, checking every row with the forms' rules, writing all or nothing
export.py   the same templates filled from the site
errors.py   the import's errors
"""
