"""The book's tables. Every amount is integer fen on disk (see storage.types)."""
from storage.models.banking import AlertLog, BankLine, BankMapping, BankPayer, PartyEvidence
from storage.models.base import Base
from storage.models.cash_flows import CashFlow
from storage.models.closing import Depreciation, FixedAsset, VoucherTemplate
from storage.models.documents import Allocation, Document, DocumentLine, OpenItem, StockBalance, StockMove
from storage.models.ledger import (
    Account,
    AuditHead,
    AuditLog,
    Balance,
    OpeningBalance,
    Period,
    Setting,
    Voucher,
    VoucherLine,
)
from storage.models.master import BankAccount, Customer, Item, Supplier, Warehouse
from storage.models.people import Task, User

__all__ = [
    "AlertLog", "BankLine", "BankMapping", "BankPayer", "PartyEvidence",
    "Account", "Allocation", "CashFlow", "Depreciation", "FixedAsset", "VoucherTemplate", "AuditLog", "BankAccount", "Balance", "Base", "Customer", "Document",
    "DocumentLine", "Item", "OpenItem", "OpeningBalance", "Period", "Setting", "StockBalance",
    "StockMove", "Supplier", "Voucher", "VoucherLine", "Warehouse",
    "AuditHead", "Task", "User",
]
from storage import oplog as _oplog  # noqa: E402,F401 - chains every operation-log entry as it is inserted
