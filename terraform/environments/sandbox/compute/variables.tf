variable "git_ref" {
  type        = string
  description = "Full 40-character commit SHA to run; its artifacts must be published (tools/release) first."
}
