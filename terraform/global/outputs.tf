output "state_bucket" {
  description = "Bucket of every Terraform state in this account."
  value       = module.state_bucket.name
}

output "artifact_bucket" {
  description = "Bucket tools/release publishes <app>/<sha>.zip to."
  value       = module.artifact_bucket.name
}

output "state_kms_key_arn" {
  description = "KMS key encrypting the state bucket; deployers need kms:Decrypt and kms:GenerateDataKey on it."
  value       = aws_kms_key.state.arn
}
