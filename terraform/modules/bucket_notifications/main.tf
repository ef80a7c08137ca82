# S3 -> SQS notifications of a bucket that lives in the data layer, wired by the compute layer that owns the
# queues: the bucket exists before any queue, and a bucket has one notification configuration, so exactly one
# caller may use this module per bucket (the bucket's own queue_notifications then stay empty).
resource "aws_s3_bucket_notification" "this" {
  bucket = var.bucket

  dynamic "queue" {
    for_each = var.queue_notifications
    content {
      id            = queue.key
      queue_arn     = queue.value.queue_arn
      events        = queue.value.events
      filter_prefix = queue.value.prefix
      filter_suffix = queue.value.suffix
    }
  }
}
