"""Use cases: one module per area, one function per thing a person does to the book.

The GUI, the CLI, the interchange adapters and the demo generator all call these; each opens a
unit of work, asks the domain to decide, and saves the document and its voucher together — or
nothing. Read models live in storage/queries and never import this package.
"""
