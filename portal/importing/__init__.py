"""Bulk import of public records (行政许可, 行政处罚, 严重失信主体名单, 双随机抽查结果).

Entry point: `portal.importing.service.run_import`. See docs/import.md.
"""
