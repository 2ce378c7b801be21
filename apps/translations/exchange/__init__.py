"""Exchange of translations with agencies and tools: XLIFF 1.2, XLIFF 2.0 and PO files.

`selectors.units_select` picks the units (one per translated field of an item, step or
step link), `formats` writes and reads the three formats, `services.exchange_import`
applies a translated file. See docs/translations.md, "Exchange files".
"""
