module dykvol

go 1.19
