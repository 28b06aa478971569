//! `backstop`: deploy and operate the Backstop contracts.

fn main() {}
