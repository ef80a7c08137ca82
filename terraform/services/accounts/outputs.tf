output "functions" {
  description = "Every accounts function by app: name, current release alias, all release aliases with their versions and the secrets each reads, live alias ARN."
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

output "api_endpoint" {
  description = "Base URL of the accounts HTTP API's $default stage (browsers use the site URL instead)."
  value       = module.api.endpoint
}

output "site_url" {
  description = "Where the pages are served and the mailed links point: CloudFront in front of the pages bucket and the API."
  value       = local.site_url
}
