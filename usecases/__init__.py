"""Use cases: one module per area, one function per thing a person does to the book.

The GUI, the CLI, the interchange adapters and the demo generator all call these with a typed
command (commands.py); each opens a unit of work, asks the domain to decide, and saves the document
and its voucher together — or nothing — and hands back figures (results.py). Read models live in
storage/queries and never import this package.

Where to find what a person does:

    销售订单 / 出库 / 销售发票 / 销售退货 / 红字发票     sales.create_sales_order · ship · invoice · sales_return · credit_note
    采购订单 / 入库 / 采购发票 / 采购退货 / 采购红字发票 purchases.create_purchase_order · receive · purchase_invoice ·
                                                        purchase_return · purchase_credit_note
    收款 / 付款 (核销)                                  cash.receipt · payment
    记账凭证: 录入, 审核, 记账, 红字冲销                vouchers.manual_voucher · review · unreview · post_period · reverse
    期末结账 / 反结账                                   closing.plan_close · close_period · reopen_period
    客户, 供应商, 商品, 仓库, 科目 (新增 / 修改 / 停用)  master · master_edit · account_mapping
    期初余额, 期初库存, 期初单据                        opening · opening_documents
    新建账套, 公司与税务设置                            setup
    固定资产 购入 / 清理                                assets.acquire · dispose
    银行流水导入, 对账                                  banking · matching
    常用凭证模板                                        recurring
    待办提醒                                            alerts
"""

from usecases import task_store as _task_store  # noqa: E402,F401 - keeps the stored tasks in step at each commit
