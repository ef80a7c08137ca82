output "git_ref" {
  description = "Commit SHA every function of this environment runs."
  value       = var.git_ref
}

output "proofing_functions" {
  description = "Proofing functions by app, with their release aliases and versions."
  value       = module.proofing.functions
}

output "proofing_failures_queue" {
  description = "Queue of failed asynchronous proofing invocations."
  value       = module.proofing.failures_queue
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "messages_api" {
  description = "The messages API: id, base URL, access log group, custom domain DNS target."
  value       = module.messages.api
}

output "messages_outbox" {
  description = "The messages outbox queue and its DLQ."
  value       = module.messages.outbox
}

output "accounts_site_url" {
  description = "Where the accounts pages are served (CloudFront, with /api/* passed to the accounts API)."
  value       = module.accounts.site_url
}

output "accounts_functions" {
  description = "Accounts functions by app, with their release aliases and versions."
  value       = module.accounts.functions
}

output "licensing_functions" {
  description = "Licensing functions by app, with their release aliases and versions."
  value       = module.licensing.functions
}

output "licensing_api_endpoint" {
  description = "Base URL of the licensing HTTP API."
  value       = module.licensing.api_endpoint
}
