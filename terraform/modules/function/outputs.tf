output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "version" {
  description = "Version published for this git_ref."
  value       = aws_lambda_function.this.version
}

output "live_alias_arn" {
  description = "ARN of the live alias (what APIs and event sources invoke)."
  value       = aws_lambda_alias.live.arn
}

output "live_invoke_arn" {
  description = "Invoke ARN of the live alias, for API Gateway integrations."
  value       = aws_lambda_alias.live.invoke_arn
}

output "release_alias" {
  description = "Alias named after the first 10 characters of git_ref, which the IDP pins."
  value       = local.release_alias
}

output "release_alias_arn" {
  description = "ARN of the current release alias."
  value       = aws_lambda_alias.release[local.release_alias].arn
}

output "release_aliases" {
  description = "Every release alias and the version it points at; paste the current pair into retained_releases before the next release."
  value       = { for name, alias in aws_lambda_alias.release : name => alias.function_version }
}

output "release_secrets" {
  description = "Secrets each release alias reads, by alias then configSchema variable ({ name, arn, kms_key_arn }); the next apply passes the retained ones back as retained_release_secrets."
  value = merge(
    { for alias, secrets in var.retained_release_secrets : alias => secrets if contains(keys(var.retained_releases), alias) },
    { (local.release_alias) = local.secrets },
  )
}

output "role_arn" {
  description = "ARN of the function's own execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's own execution role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.this.name
}

output "errors_alarm_arn" {
  description = "ARN of the errors alarm."
  value       = aws_cloudwatch_metric_alarm.errors.arn
}
