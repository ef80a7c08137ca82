output "environment" {
  description = "Environment name."
  value       = local.environment
}

output "account_id" {
  description = "The only AWS account this environment may be applied to."
  value       = local.account_id
}

output "region" {
  description = "AWS region of the environment."
  value       = local.region
}

output "state_bucket" {
  description = "Terraform state bucket of the account (terraform/global)."
  value       = "idp-backend-tfstate-${local.account_id}"
}

output "artifact_bucket" {
  description = "Artifact bucket of the account (terraform/global)."
  value       = "idp-backend-artifacts-${local.account_id}"
}

output "default_tags" {
  description = "Tags the provider puts on every resource."
  value = {
    Project     = "idp-backend"
    Environment = local.environment
    ManagedBy   = "terraform"
  }
}

output "idp_principal_arns" {
  description = "IAM roles of the IDP."
  value       = local.idp_principal_arns
}

output "callback_allowed_hosts" {
  description = "Hosts proofing callbacks may go to."
  value       = local.callback_allowed_hosts
}

output "document_upload_origins" {
  description = "Browser origins allowed to PUT document images into the document bucket (CORS)."
  value       = local.document_upload_origins
}

output "proofing_vendor_secrets" {
  description = "Real proofing vendors whose secret the data root creates."
  value       = local.proofing_vendor_secrets
}

output "compute" {
  description = "Sizes, logging, alarms and retained releases of the compute root module."
  value       = local.compute
}

output "messages" {
  description = "The messages service's data settings: SES mail domain, SMS spend limit and sender id."
  value       = local.messages
}
