# The chart's hub image with the course package (for LinkAuthenticator). Match the tag to
# the chart version you install. Build from the repository root:
#   docker build -f deploy/kubernetes/hub.Dockerfile -t registry.example.org/commonground/hub:0.1.0 .
FROM quay.io/jupyterhub/k8s-hub:4.3.1
COPY --chown=jovyan . /tmp/commonground
RUN pip install --no-cache-dir /tmp/commonground && rm -rf /tmp/commonground
