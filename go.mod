module github.com/gq-dev/gq

go 1.26.8
