"""The 记账凭证 in its familiar layout — 凭证字号, 日期, 附单据数; 摘要, 科目, 借方, 贷方; 合计 with 大写;
制单/审核/记账 — with review, un-review, post, red reversal and the source document one click away."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from domain.errors import Rejected
from domain.money import daxie
from storage.queries.periods import work_date
from storage.queries.voucher_view import voucher_detail
from ui.context import AppContext
from ui.forms.availability import enable, voucher_reasons
from ui.forms.problems import place
from ui.widgets.table import cell, fill, read_only_table

STATUS = {"saved": "未审核", "reviewed": "已审核", "posted": "已记账"}


class VoucherView(QWidget):
    def __init__(self, ctx: AppContext, voucher_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.voucher_id = voucher_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 14, 28, 12)
        layout.setSpacing(8)
        actions = QHBoxLayout()
        self.source_button = QPushButton(objectName="link")
        self.source_button.clicked.connect(self.open_source)
        actions.addWidget(self.source_button)
        actions.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        from ui.shortcuts import BY_NAME, tip
        for key, text in (("review", "审核"), ("unreview", "取消审核"), ("post", "记账"), ("reverse", "红字冲销")):
            button = QPushButton(f"{text} ({BY_NAME[key].shown})" if key in BY_NAME else text)
            if key in BY_NAME:
                button.setToolTip(tip(key, text))
            button.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.buttons[key] = button
            actions.addWidget(button)
        layout.addLayout(actions)
        self.problem = QLabel(objectName="fieldError", wordWrap=True)
        self.problem.hide()
        layout.addWidget(self.problem)
        title = QLabel("记 账 凭 证", objectName="voucherTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1f2329; letter-spacing: 6px;"
                            "border-bottom: 3px double #1f2329; padding-bottom: 4px;")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(title)
        row.addStretch(1)
        layout.addLayout(row)
        head = QHBoxLayout()
        self.no_label, self.date_label, self.attach_label = QLabel(), QLabel(), QLabel()
        head.addWidget(self.no_label)
        head.addStretch(1)
        head.addWidget(self.date_label)
        head.addStretch(1)
        head.addWidget(self.attach_label)
        layout.addLayout(head)
        self.table = read_only_table(["摘要", "会计科目", "辅助核算", "借方金额", "贷方金额"], self, stretch=0,
                                     numeric=(3, 4))
        layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.status_label, self.preparer, self.reviewer, self.poster = QLabel(), QLabel(), QLabel(), QLabel()
        for w in (self.preparer, self.reviewer, self.poster):
            foot.addWidget(w)
            foot.addStretch(1)
        foot.addWidget(self.status_label)
        layout.addLayout(foot)
        ctx.changed.connect(self.refresh)
        self.refresh()

    def tab_title(self) -> str:
        return f"凭证 {self.v.word}-{self.v.number}" if self.v else "凭证"

    def refresh(self) -> None:
        v = self.v = voucher_detail(self.ctx.book, self.voucher_id)
        if v is None:
            return
        self.no_label.setText(f"凭证字号：{v.word}-{v.number}　　期间：{v.period}")
        self.date_label.setText(f"日期：{v.date.isoformat()}")
        self.attach_label.setText(f"附单据 {v.attachments} 张")
        rows = [[ln.summary, ln.account, ln.dims, ln.debit, ln.credit] for ln in v.lines]
        debit = sum((ln.debit for ln in v.lines), v.total * 0)
        credit = sum((ln.credit for ln in v.lines), v.total * 0)
        rows.append([f"合计：{daxie(debit)}", "", "", debit, credit])
        fill(self.table, rows, {len(rows) - 1})
        self.table.setSpan(len(rows) - 1, 0, 1, 3)
        total_row = len(rows) - 1
        for c in (3, 4):  # the totals show even when zero
            self.table.setItem(total_row, c, cell(debit if c == 3 else credit, bold=True))
            self.table.item(total_row, c).setText(format(debit if c == 3 else credit, ",.2f"))
        header = self.table.horizontalHeader()
        for c, width in ((1, 240), (2, 220), (3, 160), (4, 160)):
            header.resizeSection(c, max(width, header.sectionSize(c)))
        self.preparer.setText(f"制单：{v.preparer}")
        self.reviewer.setText(f"审核：{v.reviewer or '—'}")
        self.poster.setText(f"记账：{v.poster or '—'}")
        state = STATUS.get(v.status, v.status)
        if v.reverses:
            state += f"　冲销 {v.reverses}"
        if v.reversed_by_id:
            state += "　已被冲销"
        self.status_label.setText(f"状态：{state}")
        self.source_button.setText(f"源单据：{v.source}" if v.source else "手工凭证")
        self.source_button.setEnabled(v.source_id is not None)
        from usecases.setup import review_by_other
        tips = {"review": "审核这张凭证", "unreview": "取消审核", "post": f"审核并记账 {v.period} 全部未记账凭证",
                "reverse": "生成一张红字凭证冲销本凭证"}
        for key, reason in voucher_reasons(self.ctx.book, v, review_by_other(self.ctx.book)).items():
            enable(self.buttons[key], reason, tips[key])

    def print_(self) -> None:
        from ui.printing import ask_printer, html_to, voucher_html
        printer = ask_printer(self)
        if printer is not None and self.v is not None:
            html_to(printer, voucher_html(self.v))

    def review(self) -> None:
        """F7."""
        if self.buttons["review"].isEnabled():
            self.act("review")

    def post(self) -> None:
        """F8: 审核并记账 the voucher's period."""
        if self.buttons["post"].isEnabled():
            self.act("post")

    def open_source(self) -> None:
        if self.v and self.v.source_id:
            self.ctx.open_document(self.v.source_id)

    def act(self, key: str) -> None:
        from usecases import vouchers
        self.problem.hide()
        try:
            if key == "review":
                self.ctx.run(vouchers.review, self.voucher_id)
            elif key == "unreview":
                self.ctx.run(vouchers.unreview, self.voucher_id)
            elif key == "post":
                if QMessageBox.question(self, "记账", f"审核并记账 {self.v.period} 期间全部未记账凭证？") \
                        != QMessageBox.StandardButton.Yes:
                    return
                self.ctx.run(vouchers.post_period, self.v.period)
            elif key == "reverse":
                red = self.ctx.run(vouchers.reverse, self.voucher_id, work_date(self.ctx.book))
                self.ctx.open_voucher(red.id)
        except Rejected as e:
            # beside the buttons, in words, rather than a dialog that stops the accountant's run
            from ui.people.setting_link import show_with_link  # the single-user way through (issue 26)
            show_with_link(self.problem, "\n".join(place(p).text() for p in e.problems), self.ctx)
            self.problem.show()
        except Exception as e:  # a lock, a full disk, a read-only book: in words; the button stays to retry
            from storage.failures import explain
            failure = explain(e)
            if failure is None:
                raise
            self.problem.setText(f"未完成：{failure.message}。可以再点一次重试。")
            self.problem.show()
