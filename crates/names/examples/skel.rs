//! Prints skeletons of the arguments (a development aid).
fn main() {
    for arg in std::env::args().skip(1) {
        let tokens = names::skeleton::skeleton_tokens(&arg);
        let stems: Vec<String> = tokens.iter().map(|t| names::morph::surname(t).stem).collect();
        println!("{arg}\t{}\t{}", tokens.join(" "), stems.join(" "));
    }
}
