output "parameters_kms_key_arn" {
  description = "KMS key encrypting SSM parameters and hand-off secrets."
  value       = module.data.parameters_kms_key_arn
}

output "data_kms_key_arn" {
  description = "KMS key encrypting tables, buckets, queues and the alarm topic."
  value       = module.data.data_kms_key_arn
}

output "callback_token_parameters" {
  description = "Callback token parameters by job kind."
  value       = module.data.callback_token_parameters
}

output "handoff_secret_arns" {
  description = "Hand-off secrets by parameter name."
  value       = module.data.handoff_secret_arns
}
