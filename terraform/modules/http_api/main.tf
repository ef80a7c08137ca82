locals {
  # With mutual TLS on the custom domain, the default endpoint would let a client in without a certificate.
  mutual_tls                   = try(var.custom_domain.mutual_tls, null) != null
  disable_execute_api_endpoint = var.disable_execute_api_endpoint || local.mutual_tls

  # execute-api ARN suffix <METHOD>/<path> per route, path parameters widened to * as the ARN
  # carries the request path, not the route template.
  route_arn_paths = {
    for key, _ in var.routes : key => key == "$default" ? "*/*" : join("/", [
      split(" ", key)[0] == "ANY" ? "*" : split(" ", key)[0],
      trimprefix(replace(split(" ", key)[1], "/\\{[^}]+\\}/", "*"), "/"),
    ])
  }
}

resource "aws_apigatewayv2_api" "this" {
  name                         = var.name
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = local.disable_execute_api_endpoint

  dynamic "cors_configuration" {
    for_each = var.cors == null ? [] : [var.cors]
    content {
      allow_origins = cors_configuration.value.allow_origins
      allow_methods = cors_configuration.value.allow_methods
      allow_headers = cors_configuration.value.allow_headers
      max_age       = cors_configuration.value.max_age_seconds
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling.burst_limit
    throttling_rate_limit    = var.throttling.rate_limit
    detailed_metrics_enabled = true
  }

  # No request bodies, headers or query strings: those may carry PII.
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTimeEpoch"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationStatus  = "$context.integrationStatus"
      integrationLatency = "$context.integrationLatency"
      latency            = "$context.responseLatency"
      errorMessage       = "$context.error.message"
    })
  }

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  for_each = var.jwt_authorizers

  api_id           = aws_apigatewayv2_api.this.id
  name             = each.key
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = each.value.issuer
    audience = each.value.audience
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = each.value.timeout_milliseconds
}

resource "aws_apigatewayv2_route" "this" {
  for_each = var.routes

  api_id               = aws_apigatewayv2_api.this.id
  route_key            = each.key
  target               = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type   = each.value.jwt_authorizer == null ? "NONE" : "JWT"
  authorizer_id        = each.value.jwt_authorizer == null ? null : aws_apigatewayv2_authorizer.jwt[each.value.jwt_authorizer].id
  authorization_scopes = each.value.jwt_authorizer == null ? null : each.value.scopes
}

# One permission per (function alias, route): API Gateway may invoke that alias only for that route.
resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "http-api-${substr(sha1("${var.name} ${each.key}"), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  qualifier     = each.value.alias
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/${local.route_arn_paths[each.key]}"
}

resource "aws_apigatewayv2_domain_name" "custom" {
  count = var.custom_domain == null ? 0 : 1

  domain_name = var.custom_domain.domain_name

  domain_name_configuration {
    certificate_arn = var.custom_domain.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  dynamic "mutual_tls_authentication" {
    for_each = local.mutual_tls ? [var.custom_domain.mutual_tls] : []
    content {
      truststore_uri     = mutual_tls_authentication.value.truststore_uri
      truststore_version = mutual_tls_authentication.value.truststore_version
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "custom" {
  count = var.custom_domain == null ? 0 : 1

  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.custom[0].id
  stage       = aws_apigatewayv2_stage.this.id
}
