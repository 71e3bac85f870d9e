"""The one amount widget: it owns parsing typed text into Decimal and showing Decimal back
(thousands separators, fixed places, red when negative). No form parses money on its own."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from domain.money import fmt_qty, fmt_thousands, q2

_TYPED = QRegularExpression(r"-?[0-9,，]*[.。]?[0-9]*")


def parse(text: str, places: int = 2) -> Decimal | None:
    """What a person typed, as a Decimal: '1,234.5' → 1234.50; blank → None; nonsense → ValueError.
    Full-width commas and stops from a Chinese input method are accepted."""
    cleaned = re.sub(r"[,，\s]", "", text or "").replace("。", ".")
    if cleaned in ("", "-"):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是数字")
    if -value.as_tuple().exponent > places if isinstance(value.as_tuple().exponent, int) else False:
        raise ValueError(f"最多 {places} 位小数")
    return q2(value) if places == 2 else value


def show(value: Decimal | None, places: int = 2) -> str:
    """How an amount (or a price of up to `places` decimals) reads: 1,234.50; blank for None."""
    if value is None:
        return ""
    if places == 2:
        return fmt_thousands(value)
    if places == 4:  # quantities read as typed: 10, 2.5
        return fmt_qty(value)
    text = format(value.quantize(Decimal(1).scaleb(-places)).normalize(), ",f")
    if "." not in text:
        text += ".00"
    elif len(text.split(".")[1]) < 2:
        text += "0"
    return text


class _ReportingValidator(QRegularExpressionValidator):
    """The typing rule of an amount, telling its field when a keystroke (or a paste) is refused, so
    the field can say so instead of dropping the letter in silence."""

    def __init__(self, field: AmountEdit):
        super().__init__(_TYPED, field)
        self.field = field

    def validate(self, text: str, pos: int):  # noqa: D401 - Qt's name
        state, text_, pos_ = super().validate(text, pos)
        if state == QValidator.State.Invalid:
            self.field.refuse(text)
        return state, text_, pos_


class AmountEdit(QLineEdit):
    """A right-aligned amount field. `value()` is a Decimal (or None when blank); the text is
    reformatted with separators when the field is left; a bad entry marks the field in red."""

    value_changed = Signal(object)
    refused = Signal(str)  # a keystroke or paste that is not part of a number: the sentence saying so

    def __init__(self, parent: QWidget | None = None, *, places: int = 2, allow_negative: bool = True):
        super().__init__(parent)
        self.places = places
        self.allow_negative = allow_negative
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.what = {2: "金额", 4: "数量"}.get(places, "单价")  # named in the refusal
        self.refusal = ""
        self.refused_once = ""  # the last refusal while this field was open (the grid marks its cell with it)
        self.setValidator(_ReportingValidator(self))
        self.setPlaceholderText("0.00")
        self.textChanged.connect(self._changed)
        self.editingFinished.connect(self._reformat)

    def value(self) -> Decimal | None:
        try:
            value = parse(self.text(), self.places)
        except ValueError:
            return None
        if value is not None and value < 0 and not self.allow_negative:
            return None
        return value

    def problem(self) -> str | None:
        """Why the text is not an amount, or None when it is (or is blank)."""
        try:
            value = parse(self.text(), self.places)
        except ValueError as e:
            return str(e)
        if value is not None and value < 0 and not self.allow_negative:
            return "不能为负数"
        return None

    def refuse(self, attempted: str) -> None:
        """Say, beside the field, what was not taken: the characters that are not part of a number."""
        wrong = "".join(dict.fromkeys(ch for ch in attempted if not re.match(r"[-0-9,，.。\s]", ch)))
        self.refusal = f"{self.what}只能输入数字，“{wrong or attempted}”未输入"
        self.refused_once = self.refusal
        self.setProperty("error", True)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setToolTip(self.refusal)
        if self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), self.refusal, self)
        self.refused.emit(self.refusal)

    def setValue(self, value: Decimal | None) -> None:  # noqa: N802 - Qt naming
        self.setText(show(value, self.places))

    def _changed(self, _text: str) -> None:
        self.refusal = ""
        self.setToolTip("")
        self.setProperty("error", self.problem() is not None)
        self.style().unpolish(self)
        self.style().polish(self)
        self.value_changed.emit(self.value())

    def _reformat(self) -> None:
        if self.problem() is None:
            value = self.value()
            formatted = show(value, self.places)
            if formatted != self.text():
                self.setText(formatted)
