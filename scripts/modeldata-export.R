# Exports three data sets of the R package modeldata (Debian: r-cran-modeldata) to CSV files with
# byte-for-byte reproducible formatting, so that scripts/fetch-modeldata.sh can pin their SHA-256.
# Run by that script; by hand: Rscript scripts/modeldata-export.R OUT_DIR
#
#   lending_club-{train,test}.csv  binary classification, 5 categorical columns, 5.2% positives
#   ames-{train,test}.csv          regression (log10 of the sale price), 40 categorical columns
#   fine_foods-{train,test}.csv    review text -> score (modeldata's own training/testing split)
#
# Formatting, fixed so that the bytes do not depend on locale or options: columns in the data set's
# own order (label last); factors as their level names; integers in decimal; doubles via C's
# "%.15g" (15 significant digits, what R's own write.csv prints, no locale); a field is quoted
# ("...", inner quotes doubled, RFC 4180) only when it holds a comma, quote, CR or LF; UTF-8; "\n"
# line ends; a header line; no row names. None of the exported columns has missing values (checked).
#
# Splits: modeldata ships one for the fine-foods reviews only. The other two get a seeded 80/20 split
# (stratified by class for lending_club; simple random for ames), drawn with an explicitly named
# RNG so that it does not depend on R's defaults: Mersenne-Twister, seed 20261206, sample.kind
# "Rejection" (R >= 3.6). Rows keep their original relative order in both files.

suppressPackageStartupMessages(library(modeldata))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript modeldata-export.R OUT_DIR")
out_dir <- args[[1]]
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

SEED <- 20261206L
TEST_FRACTION <- 0.2

format_column <- function(x, name) {
  if (anyNA(x)) stop(sprintf("column %s has missing values", name))
  if (is.factor(x)) x <- as.character(x)
  if (is.character(x)) {
    x <- enc2utf8(x)
    needs_quotes <- grepl("[\",\r\n]", x, useBytes = TRUE)
    x[needs_quotes] <- paste0("\"", gsub("\"", "\"\"", x[needs_quotes], fixed = TRUE), "\"")
    return(x)
  }
  if (is.integer(x)) return(sprintf("%d", x))
  if (is.double(x)) return(sprintf("%.15g", x))
  stop(sprintf("column %s has unsupported type %s", name, class(x)[1]))
}

write_csv_exact <- function(df, file) {
  cols <- mapply(format_column, df, names(df), SIMPLIFY = FALSE, USE.NAMES = FALSE)
  lines <- c(paste(names(df), collapse = ","), do.call(paste, c(cols, sep = ",")))
  con <- file(file.path(out_dir, file), open = "wb")  # binary: "\n" stays "\n", bytes stay UTF-8
  on.exit(close(con))
  writeLines(lines, con, sep = "\n", useBytes = TRUE)
  cat(sprintf("%s: %d rows, %d columns\n", file, nrow(df), ncol(df)))
}

# Row indices of the test part: TEST_FRACTION of each stratum (sorted stratum order), sorted.
test_rows <- function(strata) {
  set.seed(SEED, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
  picked <- unlist(lapply(sort(unique(strata)), function(s) {
    rows <- which(strata == s)
    rows[sample.int(length(rows), floor(length(rows) * TEST_FRACTION))]
  }))
  sort(picked)
}

write_split <- function(df, test, name) {
  is_test <- seq_len(nrow(df)) %in% test
  write_csv_exact(df[!is_test, , drop = FALSE], paste0(name, "-train.csv"))
  write_csv_exact(df[is_test, , drop = FALSE], paste0(name, "-test.csv"))
}

# lending_club: the label Class becomes 1 for "bad" (the minority, the positive class) and 0 for "good".
data(lending_club, package = "modeldata")
lc <- as.data.frame(lending_club)
lc$Class <- ifelse(lc$Class == "bad", 1L, 0L)
write_split(lc, test_rows(lc$Class), "lending_club")

# ames: the target is log10(Sale_Price) (as in "Tidy Modeling with R"), in place of Sale_Price.
data(ames, package = "modeldata")
am <- as.data.frame(ames)
am$Sale_Price_log10 <- log10(am$Sale_Price)
am$Sale_Price <- NULL
write_split(am, test_rows(rep(1L, nrow(am))), "ames")

# small_fine_foods: modeldata's own split; the label score becomes 1 for "great", 0 for "other".
data(small_fine_foods, package = "modeldata")
for (part in c("train", "test")) {
  ff <- as.data.frame(if (part == "train") training_data else testing_data)
  ff$score <- ifelse(ff$score == "great", 1L, 0L)
  write_csv_exact(ff, paste0("fine_foods-", part, ".csv"))
}
