output "functions" {
  description = "Both messages functions by app: name and live alias ARN."
  value = {
    for app, fn in module.functions : app => {
      function_name  = fn.function_name
      live_alias_arn = fn.live_alias_arn
    }
  }
}

output "api" {
  description = "The messages API: id, base URL of the $default stage, access log group, and the custom domain's DNS target (null without one)."
  value = {
    id                    = module.api.id
    endpoint              = module.api.endpoint
    access_log_group_name = module.api.access_log_group_name
    custom_domain_target  = module.api.custom_domain_target
  }
}

output "outbox" {
  description = "The queue of messages waiting to be sent, and its DLQ of undeliverable ones."
  value = {
    url     = module.outbox.url
    arn     = module.outbox.arn
    dlq_url = module.outbox.dlq_url
    dlq_arn = module.outbox.dlq_arn
  }
}
