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
    for kind in local.job_types : kind => {
      name = module.proofing_parameters.names["/${var.environment}/idp/doc-capture/${kind}_proof_result_token"]
      arn  = module.proofing_parameters.arns["/${var.environment}/idp/doc-capture/${kind}_proof_result_token"]
    }
  }
}

output "callback_signing_key_parameters" {
  description = "Callback signing key parameters by job kind: { address = { name, arn }, resolution = ..., document = ... }."
  value = {
    for kind in local.job_types : kind => {
      name = module.proofing_parameters.names["/${var.environment}/idp/doc-capture/${kind}_proof_result_signing_key"]
      arn  = module.proofing_parameters.arns["/${var.environment}/idp/doc-capture/${kind}_proof_result_signing_key"]
    }
  }
}

output "handoff_secret_arns" {
  description = "Secrets Manager hand-off secrets by parameter name, for tools/secrets --handoff-secret."
  value       = module.proofing_parameters.handoff_secret_arns
}

output "outcome_key_parameter" {
  description = "SSM parameter the proofing jobs derive the outcome encryption key from: { name, arn }."
  value = {
    name = module.proofing_outcome_key.names["/${var.environment}/proofing/result_encryption_key"]
    arn  = module.proofing_outcome_key.arns["/${var.environment}/proofing/result_encryption_key"]
  }
}

output "proofing_outcomes_table" {
  description = "DynamoDB table of the proofing jobs' stored outcomes: { name, arn }."
  value = {
    name = module.proofing_outcomes.name
    arn  = module.proofing_outcomes.arn
  }
}

output "proofing_documents_bucket" {
  description = "S3 bucket of the encrypted document images: { name, arn, regional_domain_name }; the IDP pre-signs PUT URLs into it."
  value = {
    name                 = module.proofing_documents.name
    arn                  = module.proofing_documents.arn
    regional_domain_name = module.proofing_documents.regional_domain_name
  }
}

output "proofing_vendor_secrets" {
  description = "Secrets of the real proofing vendors this environment holds, by vendor: { name, arn, kms_key_arn, placeholder_version_id }."
  value = {
    for vendor, name in local.vendor_secret_names : vendor => {
      name                   = module.proofing_vendor_secrets.names[name]
      arn                    = module.proofing_vendor_secrets.arns[name]
      kms_key_arn            = aws_kms_key.data.arn
      placeholder_version_id = module.proofing_vendor_secrets.placeholder_version_ids[name]
    }
  }
}

output "messages_kms_key_arn" {
  description = "KMS key of the messages data: its tables, content keyring secret, outbox and DLQ."
  value       = aws_kms_key.messages.arn
}

output "messages_tables" {
  description = "The messages service's tables: { messages, requests, api_keys }, each { name, arn }."
  value = {
    messages = { name = module.messages_table.name, arn = module.messages_table.arn }
    requests = { name = module.messages_requests_table.name, arn = module.messages_requests_table.arn }
    api_keys = { name = module.messages_api_keys_table.name, arn = module.messages_api_keys_table.arn }
  }
}

output "messages_content_keyring_secret" {
  description = "The messages content keyring secret: { name, arn }."
  value = {
    name = module.messages_secrets.names["${var.environment}/messages/content-keyring"]
    arn  = module.messages_secrets.arns["${var.environment}/messages/content-keyring"]
  }
}

output "messages_mail_identity" {
  description = "The SES identity mail is sent from: { domain, arn, dkim_tokens } (publish the DKIM tokens as CNAMEs)."
  value = {
    domain      = aws_sesv2_email_identity.messages.email_identity
    arn         = aws_sesv2_email_identity.messages.arn
    dkim_tokens = aws_sesv2_email_identity.messages.dkim_signing_attributes[0].tokens
  }
}

output "licensing_providers_table" {
  description = "DynamoDB table of licensing providers, licenses and history: { name, arn }."
  value = {
    name = module.licensing_providers.name
    arn  = module.licensing_providers.arn
  }
}

output "licensing_uploads_table" {
  description = "DynamoDB table of license upload records and row errors: { name, arn }."
  value = {
    name = module.licensing_uploads.name
    arn  = module.licensing_uploads.arn
  }
}

output "licensing_upload_bucket" {
  description = "S3 bucket boards upload license CSV files to: { name, arn }."
  value = {
    name = module.licensing_upload_bucket.name
    arn  = module.licensing_upload_bucket.arn
  }
}

output "licensing_data_key_parameter" {
  description = "SSM parameter the licensing keys are derived from: { name, arn }."
  value = {
    name = module.licensing_data_key.names["/${var.environment}/licensing/data_key"]
    arn  = module.licensing_data_key.arns["/${var.environment}/licensing/data_key"]
  }
}
