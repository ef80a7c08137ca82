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

output "flag_arns" {
  description = "Feature flag parameter ARNs, keyed by name, for ssm:GetParameter statements (no kms:Decrypt needed)."
  value       = { for name, flag in aws_ssm_parameter.flag : name => flag.arn }
}
