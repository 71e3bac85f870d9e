"""Matching bank lines to customers/suppliers and their open invoices (BANKS.md), pure Python."""
