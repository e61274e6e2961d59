fn main() {
    let path = std::env::args().nth(1).unwrap();
    let a = dateline::extract::read(std::path::Path::new(&path), 1 << 30).unwrap();
    println!("{}", serde_json::to_string(&a).unwrap());
}
