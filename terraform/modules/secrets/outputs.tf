output "names" {
  description = "Secret names, keyed by name: what a function's configuration names (GetSecretValue accepts the name)."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.name }
}

output "arns" {
  description = "Secret ARNs (with Secrets Manager's random suffix), keyed by name, for secretsmanager:GetSecretValue statements and kms:EncryptionContext:SecretARN conditions."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.arn }
}

output "placeholder_version_ids" {
  description = "Version id of each secret's placeholder, keyed by name: while it is AWSCURRENT the secret has not been set."
  value       = { for name, version in aws_secretsmanager_secret_version.placeholder : name => version.version_id }
}
