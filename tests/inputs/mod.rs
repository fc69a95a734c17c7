//! Inputs shared by the tests, which check what they yield, and `benches/hostile.rs`, which sets
//! how long they take.

/// A 2-million-cell row, a 5 MB prose line and 300 header rows without figures, around two tables.
pub fn long_lines() -> String {
    let mut text = String::from("收入决算表\n");
    text.push_str(&"\t1".repeat(2_000_000));
    text.push('\n');
    text.push_str(&"201\t一般公共服务支出\t1\n".repeat(1000));
    text.push_str(&"说".repeat(1_700_000));
    text.push_str("\n支出决算表\n");
    text.push_str(&"项目\t合计\t基本支出\n".repeat(300));
    text.push_str("201\t一般公共服务支出\t1\t1\n");
    text
}
