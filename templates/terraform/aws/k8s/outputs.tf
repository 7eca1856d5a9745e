output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "endpoint" {
  description = "URL of the Kubernetes API server (credentials come from the AWS CLI, see kubeconfig_command)."
  value       = aws_eks_cluster.this.endpoint
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${aws_eks_cluster.this.name}"
}

output "grant_access_command" {
  description = "Only the identity that deployed the cluster is admin; this gives your IAM user or role access (replace YOUR_ARN)."
  value       = "aws eks create-access-entry --region ${var.region} --cluster-name ${aws_eks_cluster.this.name} --principal-arn YOUR_ARN && aws eks associate-access-policy --region ${var.region} --cluster-name ${aws_eks_cluster.this.name} --principal-arn YOUR_ARN --policy-arn arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy --access-scope type=cluster"
}
