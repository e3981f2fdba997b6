"""The HTML review: every figure of the tables outlined on a crop of the page it is printed on."""
