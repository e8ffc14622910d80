"""`phc-attachment-rules`: MoH order ҚР ДСМ-194/2020 on the attachment of individuals to PHC organisations,
as amended by order No. 141, item 2 (docs/attachment.md).

application.py  the application (parse_application) and the law that admits it (admit)
grounds.py      the nine grounds of 10, one check each, and the place of attachment (8)
documents.py    the documents of the appendix, row 8, and of 9-1
panel.py        the attached population per GP position (program-2026-2028 79.4)
"""
