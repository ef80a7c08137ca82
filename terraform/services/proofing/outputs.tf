output "functions" {
  description = "Every proofing function by app: name, current release alias, all release aliases with their versions and the secrets each reads, live alias ARN."
  value = {
    for app, fn in module.functions : app => {
      function_name   = fn.function_name
      release_alias   = fn.release_alias
      release_aliases = fn.release_aliases
      release_secrets = fn.release_secrets
      live_alias_arn  = fn.live_alias_arn
    }
  }
}

output "failures_queue" {
  description = "Queue receiving failed asynchronous proofing invocations, and its DLQ."
  value = {
    arn     = module.failures_queue.arn
    url     = module.failures_queue.url
    dlq_arn = module.failures_queue.dlq_arn
    dlq_url = module.failures_queue.dlq_url
  }
}

output "idp_invoked_functions" {
  description = "Functions the IDP invokes asynchronously as <function_name>:<release alias>, by job type."
  value = {
    address    = module.functions["proof-address"].function_name
    resolution = module.functions["proof-resolution"].function_name
    document   = module.functions["proof-document"].function_name
  }
}
