output "id" {
  description = "The identity pool id (region:uuid)."
  value       = aws_cognito_identity_pool.this.id
}

output "arn" {
  description = "The identity pool ARN, for cognito-identity:GetOpenIdTokenForDeveloperIdentity grants."
  value       = aws_cognito_identity_pool.this.arn
}

output "developer_provider_name" {
  description = "The developer provider name."
  value       = aws_cognito_identity_pool.this.developer_provider_name
}

output "authenticated_role_arn" {
  description = "The role federated users' credentials carry."
  value       = aws_iam_role.authenticated.arn
}
