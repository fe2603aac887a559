"""A move-in process longer than the samples' (12 steps, two decisions, one loop back), for layout tests."""

LONG_PROCESS = """roles:
  - id: reception
    name: 前台接待员
  - id: cashier
    name: 收银员
  - id: escort
    name: 验房陪同员
  - id: office
    name: 项目办
processes:
  move_in:
    name: 入伙办理流程
    steps:
      - {id: s1, title: 引导至办理现场, role: reception}
      - {id: s2, title: 介绍流程，解答咨询, role: reception}
      - {id: s3, title: 验证身份及资料, role: reception}
      - id: s4
        title: 资料是否齐全？
        kind: decision
        branches: [{label: 齐全, to: s5}, {label: 不齐全, to: s3}]
      - {id: s5, title: 签订入伙协议, role: office}
      - {id: s6, title: 缴纳入伙费用, role: cashier}
      - {id: s7, title: 陪同验房，抄录表数, role: escort}
      - id: s8
        title: 验房是否发现问题？
        kind: decision
        branches: [{label: 有问题, to: s9}, {label: 没有问题, to: s11}]
      - {id: s9, title: 项目办安排返修, role: office}
      - {id: s10, title: 业主复验签收, role: escort, next: s8}
      - {id: s11, title: 领取钥匙及门禁卡, role: reception}
      - {id: s12, title: 填写资料卡并建档, role: reception}
"""
