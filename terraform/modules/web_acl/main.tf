data "aws_region" "current" {}

locals {
  # Rate rules first (priority 10, 20, ...), then the common rules: a flood is counted before anything else runs.
  rate_rules = { for index, name in sort(keys(var.rate_limits)) : name => merge(var.rate_limits[name], { priority = 10 * (index + 1) }) }
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = var.description
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  custom_response_body {
    key          = "rate-limited"
    content_type = "APPLICATION_JSON"
    content      = jsonencode({ error = { code = "RATE_LIMITED", message = "Too many requests from this address; try again later." } })
  }

  dynamic "rule" {
    for_each = local.rate_rules
    content {
      name     = "rate-${rule.key}"
      priority = rule.value.priority

      action {
        block {
          custom_response {
            response_code            = 429
            custom_response_body_key = "rate-limited"
          }
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = 300
          aggregate_key_type    = "IP"

          scope_down_statement {
            byte_match_statement {
              search_string         = lower(rule.value.path_prefix)
              positional_constraint = "STARTS_WITH"

              field_to_match {
                uri_path {}
              }

              text_transformation {
                priority = 0
                type     = "LOWERCASE"
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-rate-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  dynamic "rule" {
    for_each = var.common_rules ? ["AWSManagedRulesCommonRuleSet"] : []
    content {
      name     = "aws-common-rules"
      priority = 1000

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value
          vendor_name = "AWS"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-common-rules"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

# WAF logs only to log groups named aws-waf-logs-*. Tokens never reach them: the Authorization header is redacted.
resource "aws_cloudwatch_log_group" "this" {
  name              = "aws-waf-logs-${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.this.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }
}

# Many requests blocked by a rate rule: a burst from one address is worth a look.
resource "aws_cloudwatch_metric_alarm" "blocked" {
  for_each = local.rate_rules

  alarm_name          = "${var.name}-rate-${each.key}-blocked"
  alarm_description   = "WAF blocked requests to ${each.value.path_prefix} from an address over ${each.value.limit} per 5 minutes."
  namespace           = "AWS/WAFV2"
  metric_name         = "BlockedRequests"
  dimensions          = { WebACL = aws_wafv2_web_acl.this.name, Rule = "rate-${each.key}", Region = data.aws_region.current.region }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.blocked_alarm_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  tags                = var.tags
}
