output "names" {
  description = "Parameter names, keyed by name."
  value       = { for name, parameter in aws_ssm_parameter.this : name => parameter.name }
}

output "arns" {
  description = "Parameter ARNs, keyed by name, for ssm:GetParameter statements."
  value       = { for name, parameter in aws_ssm_parameter.this : name => parameter.arn }
}

output "handoff_secret_arns" {
  description = "Hand-off secret ARNs, keyed by parameter name (empty when nothing is shared)."
  value       = { for name, secret in aws_secretsmanager_secret.handoff : name => secret.arn }
}
