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

output "callback_signing_key_parameters" {
  description = "Callback signing key parameters by job kind."
  value       = module.data.callback_signing_key_parameters
}

output "handoff_secret_arns" {
  description = "Hand-off secrets by parameter name."
  value       = module.data.handoff_secret_arns
}

output "outcome_key_parameter" {
  description = "SSM parameter the proofing jobs derive the outcome encryption key from."
  value       = module.data.outcome_key_parameter
}

output "proofing_outcomes_table" {
  description = "DynamoDB table of the proofing jobs' stored outcomes."
  value       = module.data.proofing_outcomes_table
}

output "proofing_documents_bucket" {
  description = "S3 bucket of the encrypted document images (the IDP pre-signs PUT URLs into it)."
  value       = module.data.proofing_documents_bucket
}

output "proofing_vendor_secrets" {
  description = "Secrets of the real proofing vendors by vendor: { name, arn, kms_key_arn, placeholder_version_id }; compute reads them."
  value       = module.data.proofing_vendor_secrets
}

output "licensing_registrations_table" {
  description = "DynamoDB table of registration tokens and the registration's per-IP counters: { name, arn }."
  value       = module.data.licensing_registrations_table
}

output "licensing_flag_parameters" {
  description = "The licensing feature flags' SSM parameters: { prefix, arns }."
  value       = module.data.licensing_flag_parameters
}

output "licensing_recaptcha_secret" {
  description = "Secret holding the reCAPTCHA secret key: { name, arn, kms_key_arn }."
  value       = module.data.licensing_recaptcha_secret
}

output "accounts_identity_pool" {
  description = "The Cognito identity pool accounts logins are federated to: { id, arn, developer_provider_name }."
  value       = module.data.accounts_identity_pool
}

output "accounts_pages_bucket" {
  description = "S3 bucket of the accounts pages: { name, arn, regional_domain_name }."
  value       = module.data.accounts_pages_bucket
}

output "accounts_rate_limit_table" {
  description = "DynamoDB table of the accounts service's rate-limit counters: { name, arn }."
  value       = module.data.accounts_rate_limit_table
}

output "accounts_session_keys_secret" {
  description = "Secret holding the accounts session keyring: { name, arn, kms_key_arn }."
  value       = module.data.accounts_session_keys_secret
}

output "accounts_users_table" {
  description = "DynamoDB table of the accounts service's users: { name, arn }."
  value       = module.data.accounts_users_table
}

output "licensing_data_key_parameter" {
  description = "SSM parameter the licensing keys are derived from: { name, arn }."
  value       = module.data.licensing_data_key_parameter
}

output "licensing_providers_table" {
  description = "DynamoDB table of licensing providers, licenses and history: { name, arn }."
  value       = module.data.licensing_providers_table
}

output "licensing_upload_bucket" {
  description = "S3 bucket boards upload license CSV files to: { name, arn }."
  value       = module.data.licensing_upload_bucket
}

output "licensing_uploads_table" {
  description = "DynamoDB table of license upload records and row errors: { name, arn }."
  value       = module.data.licensing_uploads_table
}

output "messages_content_keyring_secret" {
  description = "The messages content keyring secret: { name, arn }."
  value       = module.data.messages_content_keyring_secret
}

output "messages_kms_key_arn" {
  description = "KMS key of the messages data: its tables, content keyring secret, outbox and DLQ."
  value       = module.data.messages_kms_key_arn
}

output "messages_mail_identity" {
  description = "The SES identity mail is sent from: { domain, arn, dkim_tokens } (publish the DKIM tokens as CNAMEs)."
  value       = module.data.messages_mail_identity
}

output "messages_tables" {
  description = "The messages service's tables: { messages, requests, api_keys }, each { name, arn }."
  value       = module.data.messages_tables
}
