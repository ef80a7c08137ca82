output "json" {
  description = "The key policy with the account's statement alone; a key whose policy needs more statements lists it in source_policy_documents."
  value       = data.aws_iam_policy_document.this.json
}
