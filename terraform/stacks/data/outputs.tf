output "parameters_kms_key_arn" {
  description = "KMS key encrypting SSM parameters and hand-off secrets."
  value       = aws_kms_key.parameters.arn
}

output "data_kms_key_arn" {
  description = "KMS key encrypting tables, buckets, queues and the alarm topic."
  value       = aws_kms_key.data.arn
}

output "callback_token_parameters" {
  description = "Callback token parameters by job kind: { address = { name, arn }, resolution = ..., document = ... }."
  value = {
    for kind in local.callback_token_kinds : kind => {
      name = module.proofing_parameters.names["/${var.environment}/idp/doc-capture/${kind}_proof_result_token"]
      arn  = module.proofing_parameters.arns["/${var.environment}/idp/doc-capture/${kind}_proof_result_token"]
    }
  }
}

output "handoff_secret_arns" {
  description = "Secrets Manager hand-off secrets by parameter name, for tools/secrets --handoff-secret."
  value       = module.proofing_parameters.handoff_secret_arns
}
