output "git_ref" {
  description = "Commit SHA every function runs."
  value       = module.compute.git_ref
}

output "proofing_functions" {
  description = "Proofing functions by app with their release aliases and versions; the next apply reads them back to keep those aliases until retired."
  value       = module.compute.proofing_functions
}

output "proofing_failures_queue" {
  description = "Queue of failed asynchronous proofing invocations."
  value       = module.compute.proofing_failures_queue
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = module.compute.alarm_topic_arn
}
