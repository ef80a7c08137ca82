locals {
  # Content types by extension: S3 serves what it was given, and a page served as octet-stream is downloaded.
  content_types = {
    html = "text/html; charset=utf-8"
    css  = "text/css; charset=utf-8"
    js   = "text/javascript; charset=utf-8"
    json = "application/json"
    svg  = "image/svg+xml"
    ico  = "image/x-icon"
    png  = "image/png"
    txt  = "text/plain; charset=utf-8"
  }
  files    = fileset(var.source_dir, "**")
  api_host = split("/", replace(var.api_endpoint, "https://", ""))[0]
}

# CloudFront reads the bucket with its own signed requests (origin access control); the bucket stays private
# and its policy (stacks/data) allows this account's distributions only.
resource "aws_cloudfront_origin_access_control" "pages" {
  name                              = "${var.name}-pages"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_s3_object" "pages" {
  for_each = local.files

  bucket = var.bucket.name
  key    = "${var.key_prefix}${each.value}"
  source = "${var.source_dir}/${each.value}"
  # Not etag: with SSE-KMS an object's ETag is not its MD5, which would show a change on every plan.
  source_hash  = filemd5("${var.source_dir}/${each.value}")
  content_type = lookup(local.content_types, reverse(split(".", each.value))[0], "application/octet-stream")
  # Pages change with each release; a browser checks again rather than keeping an old form.
  cache_control = "no-cache"
}

# AWS's managed policies: CachingOptimized for the pages, CachingDisabled and AllViewerExceptHostHeader for the
# API (every request reaches the function, with its body, headers and query, but not CloudFront's Host).
data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "api" {
  name = "Managed-AllViewerExceptHostHeader"
}

data "aws_cloudfront_response_headers_policy" "security" {
  name = "Managed-SecurityHeadersPolicy"
}

resource "aws_cloudfront_distribution" "this" {
  enabled             = true
  comment             = "${var.name}: pages and API"
  default_root_object = var.default_object
  http_version        = "http2and3"
  price_class         = var.price_class

  origin {
    origin_id                = "pages"
    domain_name              = var.bucket.regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.pages.id
  }

  origin {
    origin_id   = "api"
    domain_name = local.api_host

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "pages"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  ordered_cache_behavior {
    path_pattern               = var.api_path
    target_origin_id           = "api"
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.api.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1.2_2021"
  }

  tags = var.tags
}
