"""Record life cycle: why records are withdrawn (撤下) or credit-repaired (信用修复)."""

WITHDRAWAL_REASONS = (
    "行政处罚决定经行政复议被撤销",
    "行政处罚决定经行政诉讼被撤销",
    "原决定存在信息错误，已更正后重新公示",
)
LICENCE_WITHDRAWAL_REASONS = (
    "行政许可决定被依法撤回",
    "原决定存在信息错误，已更正后重新公示",
)
REPAIR_REASONS = (
    "当事人已履行行政处罚决定，按期缴纳罚款，并提交信用承诺书，经审核准予信用修复",
    "当事人已完成整改并通过复查，最短公示期已满，经审核准予信用修复",
)
