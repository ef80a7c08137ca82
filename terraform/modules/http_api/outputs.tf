output "id" {
  description = "API id."
  value       = aws_apigatewayv2_api.this.id
}

output "endpoint" {
  description = "Base URL of the $default stage."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "execution_arn" {
  description = "Execution ARN, for extra Lambda permissions."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "access_log_group_name" {
  description = "Access log group."
  value       = aws_cloudwatch_log_group.access.name
}

output "custom_domain_target" {
  description = "Where the custom domain's DNS alias points: { domain_name, hosted_zone_id } of API Gateway's regional endpoint; null without a custom domain."
  value = var.custom_domain == null ? null : {
    domain_name    = aws_apigatewayv2_domain_name.custom[0].domain_name_configuration[0].target_domain_name
    hosted_zone_id = aws_apigatewayv2_domain_name.custom[0].domain_name_configuration[0].hosted_zone_id
  }
}
