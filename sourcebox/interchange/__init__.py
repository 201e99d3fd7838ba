"""Import and export beyond BibTeX: CSL-JSON, RIS, bytes to text, duplicates. Pure: no I/O.

Readers take text or bytes and return an ``ImportResult``; writers take works and
return text. The caller reads and writes files. BibTeX is in ``sourcebox.bibtex``;
``sourcebox.interchange.formats`` puts every format behind one entry point.
"""
