output "functions" {
  description = "Every licensing function by app: name, current release alias, all release aliases with their versions, live alias ARN."
  value = {
    for app, fn in module.functions : app => {
      function_name   = fn.function_name
      release_alias   = fn.release_alias
      release_aliases = fn.release_aliases
      live_alias_arn  = fn.live_alias_arn
    }
  }
}

output "api_endpoint" {
  description = "Base URL of the licensing HTTP API."
  value       = module.api.endpoint
}

output "ingest_queue" {
  description = "Queue of the upload bucket's object-created events, and its DLQ."
  value = {
    arn     = module.ingest_queue.arn
    url     = module.ingest_queue.url
    dlq_arn = module.ingest_queue.dlq_arn
    dlq_url = module.ingest_queue.dlq_url
  }
}
