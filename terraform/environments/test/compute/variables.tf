variable "git_ref" {
  type        = string
  description = "Full 40-character commit SHA to run; its artifacts must be published (tools/release) first."

  validation {
    condition     = can(regex("^[0-9a-f]{40}$", var.git_ref))
    error_message = "git_ref must be a full 40-character lowercase commit SHA (git rev-parse HEAD), not a branch, a tag, a short or a -dirty SHA."
  }

  # Lambda refuses alias names made only of digits, and the release alias is the first 10 characters.
  validation {
    condition     = !can(regex("^[0-9]{10}", var.git_ref))
    error_message = "git_ref cannot be pinned: its first 10 characters are all digits, and Lambda refuses an alias made only of digits (the IDP invokes <function>:<first 10 characters>). Make another commit (git commit --amend --no-edit gives a new SHA), publish it and apply that one."
  }
}

variable "speculative_artifact_hashes" {
  type        = map(string)
  description = "Branch plans only (CI's plan jobs on a branch): base64 SHA-256 of each app's zip from the branch's own build, written by tools/release tfvars; the plan reads nothing from the artifact bucket for those apps. Never set in a plan that is applied."
  default     = {}
}
