//! The committed generated tables match data/*.csv, and the data's shape is pinned.

use std::path::Path;

#[test]
fn generated_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = kemu_xtask::generate(&root.join("data")).expect("data/*.csv is valid");
    let committed = std::fs::read_to_string(root.join("src/generated/catalog.rs")).unwrap();
    assert!(fresh == committed, "src/generated/catalog.rs has drifted from data/: run `{}`", kemu_xtask::COMMAND);
}

#[test]
fn generator_rejects_bad_data_with_file_line_and_reason() {
    let dir = std::env::temp_dir().join(format!("kemu-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for f in ["econ_dept.csv", "econ_gov.csv", "econ_map.csv"] {
        std::fs::copy(root.join(f), dir.join(f)).unwrap();
    }
    let cases = [
        (
            "201,一般公共服务支出,2019,,x\n2010301,行政运行,2019,,x\n",
            "data/func.csv:3: code 2010301 is valid in 2019 but its parent 20103 is not",
        ),
        (
            "201,一般公共服务支出,2019,,x\n2010,行,2019,,x\n",
            "data/func.csv:3: code \"2010\" is not [3, 5, 7] ASCII digits",
        ),
        (
            "201,一般公共服务支出,2019,,x\n201,一般公共服务,2020,,x\n",
            "data/func.csv:3: code 201 has two names in 2020: \"一般公共服务支出\" (line 2) and \"一般公共服务\"",
        ),
        ("201,一般公共服务支出,2021,2019,x\n", "data/func.csv:2: valid_to 2019 is before valid_from 2021"),
        ("201,一般 公共服务支出,2019,,x\n", "data/func.csv:2: name \"一般 公共服务支出\" contains white space"),
    ];
    for (body, expected) in cases {
        std::fs::write(dir.join("func.csv"), format!("code,name,valid_from,valid_to,evidence\n{body}")).unwrap();
        // econ_map refers only to econ codes, so a tiny func.csv is enough.
        assert_eq!(kemu_xtask::generate(&dir).unwrap_err(), expected);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn table_sizes_are_pinned() {
    use kemu::Classification::*;
    let set = kemu::CatalogSet::embedded();
    let count = |class: kemu::Classification| -> Vec<usize> {
        set.years().map(|year| set.year(year).unwrap().classification(class).count()).collect()
    };
    // Codes valid in each year 2019..=2026, counted from data/*.csv independently of the crate.
    assert_eq!(count(Function), [1653, 1694, 1694, 1688, 1688, 1703, 1698, 1710]);
    assert_eq!(count(EconDepartment), [107, 107, 107, 110, 110, 110, 110, 110]);
    assert_eq!(count(EconGovernment), [77, 77, 77, 78, 78, 78, 78, 78]);
}
